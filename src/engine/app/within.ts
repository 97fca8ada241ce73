import { NexwaveError } from '../core/errors.js';
import type { Clock } from '../ports/clock.js';

/**
 * Bound how long start-up waits on the venue: past `ms` the caller goes on with what it
 * has (stored pairs, no mark prices yet) instead of hanging on an unreachable host. The
 * underlying request is not cancelled; its late answer is ignored.
 */
export function within<T>(clock: Clock, ms: number, what: string, p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = clock.setTimer(ms, () => reject(new NexwaveError('EXCHANGE.NETWORK', `${what}: no answer within ${ms / 1000} s`)));
    p.then(
      (v) => (cancel(), resolve(v)),
      (e: unknown) => (cancel(), reject(e)),
    );
  });
}
