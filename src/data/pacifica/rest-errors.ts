/**
 * Venue REST failures -> NexwaveError with a stable code (pacifica-api.md §2.1). Messages
 * name the method, path and venue message; they never carry headers (the API key).
 */
import { NexwaveError, type ErrorCode } from '../../engine/core/errors.js';

/** Business `code` values (§2.1 table) that are not plain bad requests. */
const BUSINESS: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [1, 'EXCHANGE.NOT_FOUND'], // account not found
  [3, 'EXCHANGE.NOT_FOUND'], // book not found (bad symbol)
  [5, 'EXCHANGE.INSUFFICIENT_FUNDS'],
  [6, 'EXCHANGE.NOT_FOUND'], // order not found
  [13, 'EXCHANGE.NOT_FOUND'], // position not found
]);

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  /** A signed POST (orders and account actions). */
  readonly signed: boolean;
}

/** Map a business error code; every other code is a bad request (never retried). */
export function businessError(ctx: RequestContext, code: number | null, message: string): NexwaveError {
  const mapped = code === null ? 'EXCHANGE.BAD_REQUEST' : (BUSINESS.get(code) ?? 'EXCHANGE.BAD_REQUEST');
  return new NexwaveError(mapped, `${ctx.method} ${ctx.path}: venue code ${code ?? 'none'}: ${message}`);
}

/**
 * Map a non-2xx status. On a signed POST a 500 is the venue's answer to a price or amount
 * off the tick/lot grid (§2.1 "Rounding"): a bad request, so it must not be retried.
 */
export function httpError(
  ctx: RequestContext,
  status: number,
  venue: { readonly code: number | null; readonly error: string } | null,
  retryAfterMs: number | undefined,
): NexwaveError {
  const what = `${ctx.method} ${ctx.path}: HTTP ${status}${venue ? `: ${venue.error}` : ''}`;
  if (status === 429) return new NexwaveError('EXCHANGE.RATE_LIMITED', what, retryAfterMs === undefined ? {} : { retryAfterMs });
  if (status === 401 || status === 403) return new NexwaveError('EXCHANGE.AUTH', what);
  if (status === 500 && ctx.signed) {
    return new NexwaveError('EXCHANGE.BAD_REQUEST', `${what} (the venue answers 500 to a price or amount off tick/lot size)`);
  }
  if (status >= 500) return new NexwaveError('EXCHANGE.SERVER', what);
  if (venue?.code !== null && venue?.code !== undefined) return businessError(ctx, venue.code, venue.error);
  if (status === 404) return new NexwaveError('EXCHANGE.NOT_FOUND', what);
  return new NexwaveError('EXCHANGE.BAD_REQUEST', what);
}

/** `Retry-After` as ms: delta-seconds or an HTTP date; undefined when absent or unusable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
