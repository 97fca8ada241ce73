import { describe, expect, it } from 'vitest';
import { createCreditBudget } from '../../../src/data/pacifica/credit-budget.js';
import type { Clock } from '../../../src/engine/ports/clock.js';

/** Hand-written fake at our Clock port: sleep advances virtual time at once. */
function virtualClock(): Clock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    setTimer: () => () => {},
  };
}

describe('credit budget (rolling window)', () => {
  it('never lets the spend inside any window exceed the capacity', async () => {
    const clock = virtualClock();
    const budget = createCreditBudget({ capacity: 100, windowMs: 60_000 }, clock);
    const spends: Array<{ at: number; cost: number }> = [];
    const costs = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 3 : 1));
    for (const cost of costs) {
      await budget.take(cost);
      spends.push({ at: clock.now(), cost });
    }
    for (const s of spends) {
      const inWindow = spends.filter((x) => x.at >= s.at && x.at < s.at + 60_000).reduce((n, x) => n + x.cost, 0);
      expect(inWindow).toBeLessThanOrEqual(100);
    }
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it('serves concurrent takers in arrival order and rejects a cost above capacity', async () => {
    const clock = virtualClock();
    const budget = createCreditBudget({ capacity: 2, windowMs: 1000 }, clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => budget.take(1).then(() => order.push(i))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(budget.used()).toBe(2);
    await expect(budget.take(3)).rejects.toThrow(RangeError);
  });
});
