/**
 * The one retry loop: run `fn`, and while it fails with an error `retryDelay` accepts, wait
 * (through the injected `sleep`, so tests run it on a fake clock) and try again, up to
 * `maxRetries` times. The delay comes from the error when it says (a venue's Retry-After),
 * else from the backoff policy with jitter.
 */
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';

export interface RetryOptions {
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  readonly maxRetries: number;
  readonly policy?: BackoffPolicy;
  /** Null: do not retry this error. Otherwise the delay the error asks for, or undefined for the backoff. */
  readonly retryDelay: (err: unknown, attempt: number) => number | undefined | null;
  /** Told before each wait (for a log line). */
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** True once the caller gives up (e.g. shutting down): the last error is thrown instead of waiting. */
  readonly aborted?: () => boolean;
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const asked = o.retryDelay(err, attempt);
      if (asked === null || attempt >= o.maxRetries || o.aborted?.()) throw err;
      const delay = asked ?? backoffDelay(o.policy ?? DEFAULT_BACKOFF, attempt, o.random());
      o.onRetry?.(err, attempt, delay);
      await o.sleep(delay);
    }
  }
}
