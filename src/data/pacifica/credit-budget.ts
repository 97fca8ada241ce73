/**
 * Client-side share of the venue's REST credit budget: `capacity` credits per rolling
 * `windowMs` (pacifica-api.md §2.2: 100 per 60 s for an unidentified IP). A request that
 * would overdraw the window waits until enough old spends age out, so we slow down
 * instead of collecting 429s. Takers are served in arrival order.
 */
import type { Clock } from '../../engine/ports/clock.js';
import { createSerial } from '../../engine/core/serial.js';

export interface CreditPolicy {
  readonly capacity: number;
  readonly windowMs: number;
}

/** Unidentified-IP quota from the newest docs. */
export const DEFAULT_CREDITS: CreditPolicy = { capacity: 100, windowMs: 60_000 };

export interface CreditBudget {
  /** Resolve once `cost` credits have been spent inside the budget. */
  take(cost: number): Promise<void>;
  /** Credits spent in the current window. */
  used(): number;
}

export function createCreditBudget(policy: CreditPolicy, clock: Clock): CreditBudget {
  const spends: Array<{ at: number; cost: number }> = [];
  const queue = createSerial();

  const prune = (now: number): number => {
    while (spends.length > 0 && (spends[0]?.at ?? 0) + policy.windowMs <= now) spends.shift();
    return spends.reduce((n, s) => n + s.cost, 0);
  };

  const acquire = async (cost: number): Promise<void> => {
    for (;;) {
      const now = clock.now();
      if (prune(now) + cost <= policy.capacity) {
        spends.push({ at: now, cost });
        return;
      }
      const oldest = spends[0]?.at ?? now;
      await clock.sleep(Math.max(1, oldest + policy.windowMs - now));
    }
  };

  return {
    take(cost) {
      if (!(cost > 0 && cost <= policy.capacity)) {
        return Promise.reject(new RangeError(`credit cost ${cost} outside (0, ${policy.capacity}]`));
      }
      return queue.run(() => acquire(cost));
    },
    used: () => prune(clock.now()),
  };
}
