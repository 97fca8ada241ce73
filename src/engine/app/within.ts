import { NexwaveError, type ErrorCode } from '../core/errors.js';
import { deadline, type Clock } from '../ports/clock.js';

/**
 * Bound how long a caller waits on a call that may never settle (an unreachable venue at
 * start-up, a database connection lost mid-statement): past `ms` it rejects with `code`
 * (retryable by default) and the caller goes on. The underlying call is not cancelled;
 * its late answer is ignored.
 */
export function within<T>(clock: Clock, ms: number, what: string, p: Promise<T>, code: ErrorCode = 'EXCHANGE.NETWORK'): Promise<T> {
  return deadline(clock, ms, p, () => new NexwaveError(code, `${what}: no answer within ${ms / 1000} s`));
}

/** True for the error `unlessStopped` rejects with. */
export const isStopped = (err: unknown): boolean => err instanceof NexwaveError && err.code === 'APP.STOPPED';

/**
 * Wait for `p` unless `signal` aborts first: then reject at once with APP.STOPPED, so a
 * stop requested during start-up takes effect at the step being waited on, not after it.
 * Like `within`, the underlying call is not cancelled; its late answer is ignored.
 */
export function unlessStopped<T>(signal: AbortSignal | undefined, p: Promise<T>, step = 'start-up'): Promise<T> {
  if (!signal) return p;
  const stopped = (): NexwaveError => new NexwaveError('APP.STOPPED', `stopped during ${step}`);
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(stopped());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

/** Throw APP.STOPPED when `signal` has aborted: a check between start-up steps. */
export function throwIfStopped(signal: AbortSignal | undefined, step: string): void {
  if (signal?.aborted) throw new NexwaveError('APP.STOPPED', `stopped during ${step}`);
}
