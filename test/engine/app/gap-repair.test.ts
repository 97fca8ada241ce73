/**
 * Gap repair at the first live millisecond: REST can hold trades of that millisecond that
 * were sent before the subscription. They are stored once the live stream has moved past
 * it, recorded as a gap while it has not, and never stored twice.
 */
import { describe, expect, it } from 'vitest';
import { repairSymbol } from '../../../src/engine/app/gap-repair.js';
import type { Tick } from '../../../src/engine/core/types.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import { FakeRest, MemoryStore } from './engine-fakes.js';

const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
const CUT = T0 + 5_000;
const rest = (prices: readonly number[]) => {
  const r = new FakeRest(['BTC'], T0);
  r.getRecentTrades = async () => [{ time: T0 + 1_000, symbol: 'BTC', price: 99, amount: 1, side: 'sell' as const }, ...prices.map((price) => ({ time: CUT, symbol: 'BTC', price, amount: 1, side: 'buy' as const }))];
  return r;
};
const live = (time: number, price: number, tradeId: number): Tick => ({ symbol: 'BTC', time, tradeId, price, volume: 1, side: 'buy', venue: 'simulator', receivedAt: Date.now() });

async function repair(prices: readonly number[], recent: readonly Tick[]) {
  const store = new MemoryStore();
  store.ticks.push({ symbol: 'BTC', time: T0 + 1_000, tradeId: 1, price: 99, volume: 1, side: 'sell', venue: 'simulator' });
  const pushed: Tick[] = [];
  const r = await repairSymbol({ rest: rest(prices), store, logger: silentLogger, venue: 'simulator', recent: () => recent, sink: { push: (t) => pushed.push(...t) } }, 'BTC', T0 + 1_000, CUT);
  return { r, pushed, gaps: store.gaps };
}

describe('gap repair at the first live millisecond', () => {
  it('stores a trade of that millisecond that only REST has, once the live stream is past it', async () => {
    const { r, pushed, gaps } = await repair([100, 101], [live(CUT, 100, 50), live(CUT + 3, 102, 51)]);
    expect(pushed.map((t) => [t.time, t.price])).toEqual([[CUT, 101]]);
    expect(pushed[0]!.tradeId).toBeLessThan(0);
    expect(r).toMatchObject({ stored: 1, matched: 2, unsure: null });
    expect(gaps).toEqual([]);
  });

  it('stores nothing twice: every trade of that millisecond came live', async () => {
    const { r, pushed, gaps } = await repair([100, 101], [live(CUT, 100, 50), live(CUT, 101, 51), live(CUT + 1, 102, 52)]);
    expect(pushed).toEqual([]);
    expect(r).toMatchObject({ stored: 0, matched: 3 });
    expect(gaps).toEqual([]);
  });

  it('while the live stream has not moved past it, records that millisecond as a gap instead of guessing', async () => {
    const { r, pushed, gaps } = await repair([100, 101], [live(CUT, 100, 50)]);
    expect(pushed).toEqual([]);
    expect(r.unsure).toEqual({ from: CUT, to: CUT });
    expect(gaps).toEqual([expect.objectContaining({ symbol: 'BTC', from: CUT, to: CUT })]);
  });

  it('REST answering after the live feed moved on: the span from the last known trade to the cutoff is a recorded gap', async () => {
    const store = new MemoryStore();
    const late = new FakeRest(['BTC'], T0);
    late.getRecentTrades = async () => [CUT + 10, CUT + 20].map((time) => ({ time, symbol: 'BTC', price: 100, amount: 1, side: 'buy' as const }));
    const r = await repairSymbol({ rest: late, store, logger: silentLogger, venue: 'simulator', recent: () => [live(CUT + 30, 100, 9)], sink: { push: () => {} } }, 'BTC', T0 + 1_000, CUT);
    expect(r.hole).toEqual({ from: T0 + 1_000, to: CUT + 1 });
    expect(store.gaps).toEqual([expect.objectContaining({ symbol: 'BTC', from: T0 + 1_000, to: CUT + 1 })]);
  });
});
