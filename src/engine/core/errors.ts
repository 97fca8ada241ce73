/**
 * Typed errors with stable codes, classified retryable or not (after ccxt and
 * NautilusTrader). Network and rate limits retry with backoff; bad requests,
 * auth, bad config and corrupt data do not.
 */
export type ErrorCode =
  | 'CONFIG.INVALID'
  | 'CLI.USAGE'
  | 'APP.STOPPED'
  /** A part of a stop that did not finish within its deadline (it is left behind). */
  | 'APP.STOP_TIMEOUT'
  | 'STORE.UNAVAILABLE'
  | 'STORE.QUERY_FAILED'
  | 'STORE.SCHEMA_MISSING'
  | 'STORE.MIGRATION_FAILED'
  | 'STORE.MIGRATION_EDITED'
  | 'STORE.DATA_DIR_INVALID'
  | 'JOURNAL.CORRUPT'
  | 'JOURNAL.WRITE_FAILED'
  | 'JOURNAL.FILE_FULL'
  | 'EXCHANGE.NETWORK'
  | 'EXCHANGE.RATE_LIMITED'
  | 'EXCHANGE.BAD_REQUEST'
  | 'EXCHANGE.AUTH'
  | 'EXCHANGE.NOT_FOUND'
  | 'EXCHANGE.INSUFFICIENT_FUNDS'
  | 'EXCHANGE.SERVER'
  | 'FEED.MALFORMED'
  | 'FEED.SUBSCRIBE_TIMEOUT'
  | 'ENGINE.RUNNING'
  | 'CONTROL.NOT_RUNNING'
  | 'CONTROL.PROTOCOL'
  | 'CONTROL.REFUSED'
  | 'CONTROL.TIMEOUT'
  | 'CONTROL.UNSAFE'
  /** Published state holding something JSON cannot carry (Map, Set, class instance, function): a bug. */
  | 'STATE.NOT_PLAIN';

const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'STORE.UNAVAILABLE',
  // A table that is not there (database recreated empty) is an outage: rebuild and retry.
  'STORE.SCHEMA_MISSING',
  'EXCHANGE.NETWORK',
  'EXCHANGE.RATE_LIMITED',
  'EXCHANGE.SERVER',
  'FEED.SUBSCRIBE_TIMEOUT',
]);

export class NexwaveError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Suggested wait before retrying (ms), e.g. from a 429. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, opts: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'NexwaveError';
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export const isRetryable = (err: unknown): boolean =>
  err instanceof NexwaveError ? err.retryable : false;
