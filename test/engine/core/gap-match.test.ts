import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planRepair, syntheticTradeId, type RecoveredTrade } from '../../../src/engine/core/gap-match.js';
import type { Tick } from '../../../src/engine/core/types.js';

const rt = (time: number, price: number, amount: number, side: 'buy' | 'sell' = 'buy'): RecoveredTrade => ({ time, symbol: 'BTC', price, amount, side });
const tick = (time: number, price: number, volume: number, tradeId: number, side: 'buy' | 'sell' = 'buy'): Tick => ({ time, symbol: 'BTC', price, volume, tradeId, side, venue: 'simulator' });

describe('planRepair', () => {
  it('stores only trades not already stored and reports no hole when REST overlaps', () => {
    const rest = [rt(100, 1, 1), rt(200, 2, 1), rt(300, 3, 1)];
    const plan = planRepair('BTC', rest, [tick(100, 1, 1, 7)], 100, 1_000, 'simulator');
    expect(plan.matched).toBe(1);
    expect(plan.missing.map((t) => t.time)).toEqual([200, 300]);
    expect(plan.missing.every((t) => t.tradeId < 0)).toBe(true);
    expect(plan.hole).toBeNull();
  });

  it('keeps two identical trades in the same millisecond as two ticks with distinct ids', () => {
    const plan = planRepair('BTC', [rt(100, 1, 1), rt(100, 1, 1)], [], null, 1_000, 'simulator');
    expect(plan.missing).toHaveLength(2);
    expect(new Set(plan.missing.map((t) => t.tradeId)).size).toBe(2);
  });

  it('leaves trades at or after the cutoff to the live feed', () => {
    const plan = planRepair('BTC', [rt(100, 1, 1), rt(500, 1, 2)], [], 50, 500, 'simulator');
    expect(plan.missing.map((t) => t.time)).toEqual([100]);
  });

  it('reports a hole when the oldest recovered trade is newer than the last known trade', () => {
    const plan = planRepair('BTC', [rt(900, 1, 1)], [], 100, 1_000, 'simulator');
    expect(plan.hole).toEqual({ from: 100, to: 900 });
  });

  it('reports the whole span to the cutoff as a hole when REST, answering late, holds nothing older than the cutoff', () => {
    // Seen under load at 60x: the first live trade came at 500, but by the time REST answered its
    // 1,000 most recent trades all lay after it, so nothing between 100 and 500 could be checked.
    const plan = planRepair('BTC', [rt(600, 1, 1), rt(700, 1, 1)], [], 100, 500, 'simulator');
    expect(plan.missing).toEqual([]);
    expect(plan.hole).toEqual({ from: 100, to: 500 });
  });

  it('is idempotent: a second repair over the stored result finds nothing to add', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ time: fc.integer({ min: 0, max: 50 }), price: fc.constantFrom(1, 2), amount: fc.constantFrom(1, 3), side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell') }), { maxLength: 40 }), (raw) => {
        const rest = raw.map((r) => ({ ...r, symbol: 'BTC' }));
        const first = planRepair('BTC', rest, [], null, 1_000, 'simulator');
        const second = planRepair('BTC', rest, first.missing, null, 1_000, 'simulator');
        const ids = first.missing.map((t) => t.tradeId);
        return second.missing.length === 0 && new Set(ids).size === ids.length && first.missing.length === rest.length;
      }),
    );
  });

  it('synthetic ids are stable and negative', () => {
    const t = rt(1_700_000_000_123, 105_473.5, 0.0123);
    expect(syntheticTradeId('BTC', t, 0)).toBe(syntheticTradeId('BTC', t, 0));
    expect(syntheticTradeId('BTC', t, 0)).not.toBe(syntheticTradeId('BTC', t, 1));
    expect(syntheticTradeId('BTC', t, 0)).toBeLessThan(0);
    expect(Number.isSafeInteger(syntheticTradeId('BTC', t, 0))).toBe(true);
  });
});
