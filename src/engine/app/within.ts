import { NexwaveError, type ErrorCode } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';

/**
 * Bound how long a caller waits on a call that may never settle (an unreachable venue at
 * start-up, a database connection lost mid-statement): past `ms` it rejects with `code`
 * (retryable by default) and the caller goes on. The underlying call is not cancelled;
 * its late answer is ignored.
 */
export function within<T>(clock: Clock, ms: number, what: string, p: Promise<T>, code: ErrorCode = 'EXCHANGE.NETWORK'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = clock.setTimer(ms, () => reject(new NexwaveError(code, `${what}: no answer within ${ms / 1000} s`)));
    p.then(
      (v) => (cancel(), resolve(v)),
      (e: unknown) => (cancel(), reject(e)),
    );
  });
}
