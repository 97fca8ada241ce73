/**
 * The one retry loop: run `fn`, and while it fails with an error `retryDelay` accepts, wait
 * (through the injected `sleep`, so tests run it on a fake clock) and try again, up to
 * `maxRetries` times. The delay comes from the error when it says (a venue's Retry-After),
 * else from the backoff policy with jitter from the injected `random`. Once `aborted()` says
 * so (a stop), the last error is thrown instead of waiting, or after a wait instead of calling
 * `fn` again.
 */
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface RetryOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  /** Retries after the first call; Infinity retries until it succeeds or is aborted. */
  readonly maxRetries: number;
  readonly policy?: BackoffPolicy;
  /** Null: do not retry this error. Otherwise the delay the error asks for, or undefined for the backoff. */
  readonly retryDelay: (err: unknown, attempt: number) => number | undefined | null;
  /** Told of every failure before it is judged (a count, a log line), the last one too. */
  readonly onFailure?: (err: unknown, attempt: number) => void;
  /** Told before each wait (for a log line). */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** True once the caller gives up (e.g. shutting down): the last error is thrown instead of waiting. */
  readonly aborted?: () => boolean;
}

export function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  return attempts(fn, o, 0);
}

/**
 * Go on from a call the caller already made, which failed with `err` (already reported:
 * `onFailure` is not told of it): wait as after attempt 0, then call `fn` from attempt 1.
 */
export async function retryAfter<T>(err: unknown, fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  await waitOrThrow(err, 0, o);
  return attempts(fn, o, 1);
}

async function attempts<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions, first: number): Promise<T> {
  for (let attempt = first; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      o.onFailure?.(err, attempt);
      await waitOrThrow(err, attempt, o);
    }
  }
}

async function waitOrThrow(err: unknown, attempt: number, o: RetryOptions): Promise<void> {
  const asked = o.retryDelay(err, attempt);
  if (asked === null || attempt >= o.maxRetries || o.aborted?.()) throw err;
  const delay = asked ?? backoffDelay(o.policy ?? DEFAULT_BACKOFF, attempt, o.random());
  o.onRetry?.(err, attempt, delay);
  await o.sleep(delay);
  if (o.aborted?.()) throw err;
}
