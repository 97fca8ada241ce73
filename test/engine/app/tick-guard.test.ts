import { describe, expect, it, vi } from 'vitest';
import { createMarketClock } from '../../../src/engine/app/market-clock.js';
import { sanityFor } from '../../../src/engine/app/sanity-settings.js';
import { createTickGuard } from '../../../src/engine/app/tick-guard.js';
import type { Pair, Tick } from '../../../src/engine/core/types.js';
import type { Clock } from '../../../src/engine/ports/clock.js';
import type { DeadLetterSink } from '../../../src/engine/ports/journal.js';
import type { Logger } from '../../../src/engine/ports/logger.js';

const T0 = Date.UTC(2026, 11, 1);
const eth: Pair = { symbol: 'ETH', category: 'major', maxLeverage: 50, minOrderSize: 10, tickSize: 0.01, lotSize: 0.0001, whaleThresholdUsd: 25_000, isActive: true, displayName: 'Ethereum' };
const tick = (over: Partial<Tick> = {}): Tick => ({ time: T0, symbol: 'ETH', tradeId: 1, price: 3_000, volume: 0.5, side: 'buy', venue: 'pacifica', ...over });

function setup() {
  const wall: Clock = { now: () => T0 + 100, sleep: async () => {}, setTimer: () => () => {} };
  const sanity = sanityFor({ marketSpeed: 1, localClock: true });
  const market = createMarketClock(wall, 1, sanity);
  const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
  const logger: Logger = { debug() {}, info() {}, warn: (e, f) => void warnings.push([e, f]), error() {} };
  const kept: Array<{ ticks: readonly Tick[]; reason: string }> = [];
  const sink: DeadLetterSink = { location: 'mem', write: async (ticks, reason) => void kept.push({ ticks, reason }) };
  const marks = new Map<string, number>();
  const guard = createTickGuard({ bands: sanity.bands, repairMaxBehindMs: 30 * 86_400_000, logger, clock: wall, market, marks, sink, pair: (s) => (s === 'ETH' ? eth : undefined) });
  return { guard, market, marks, warnings, kept };
}

describe('tick guard', () => {
  it('passes clean ticks, quarantines bad ones with a count, one log line per reason and the audit file', async () => {
    const { guard, warnings, kept, market } = setup();
    const bad = [tick({ tradeId: 2, time: Date.UTC(2100, 0, 1) }), tick({ tradeId: 3, price: 1e29 }), tick({ tradeId: 4, price: 2e29 }), tick({ tradeId: 5, volume: 1e30 })];
    const clean = guard.screen([tick(), ...bad, tick({ tradeId: 6, time: T0 + 50 })], true);
    expect(clean.map((t) => t.tradeId)).toEqual([1, 6]);
    expect(guard.counts()).toEqual({ unknownSymbol: 0, quarantined: { 'time-local-skew': 1, price: 2, notional: 1 }, unrecorded: 0 });
    expect(warnings.filter(([e]) => e === 'guard.quarantined').map(([, f]) => f?.reason)).toEqual(['time-local-skew', 'price', 'notional']);
    await vi.waitFor(() => expect(kept).toHaveLength(3));
    expect(kept.map((k) => [k.reason, k.ticks.map((t) => t.tradeId)])).toEqual([
      ['quarantined: time-local-skew', [2]],
      ['quarantined: price', [3, 4]],
      ['quarantined: notional', [5]],
    ]);
    expect(market.observed()).toBe(T0 + 50);
  });

  it('drops and counts trades for symbols the engine does not collect, keeping no state for them', () => {
    const { guard, kept } = setup();
    const junk = Array.from({ length: 5_000 }, (_, i) => tick({ symbol: `JUNK${i}`, tradeId: i }));
    expect(guard.screen(junk, true)).toEqual([]);
    expect(guard.counts().unknownSymbol).toBe(5_000);
    expect(kept).toEqual([]);
    expect(guard.screenBook({ symbol: 'JUNK1', time: T0, bids: [], asks: [] })).toBeNull();
    expect(guard.admitMark('JUNK1', 1, T0)).toBe(false);
  });

  it('repaired (not live) ticks are screened (behind band up to retention) but never move the market clock', () => {
    const { guard, market } = setup();
    guard.screen([tick({ time: T0 - 1_000 })], true);
    const days = (n: number) => T0 - n * 86_400_000;
    expect(guard.screen([tick({ tradeId: 9, time: T0 - 50_000 }), tick({ tradeId: 10, time: 0 }), tick({ tradeId: 11, time: days(3) }), tick({ tradeId: 12, time: days(31) })], false).map((t) => t.tradeId)).toEqual([9, 11]);
    expect(guard.screen([tick({ tradeId: 13, time: days(3) })], true)).toEqual([]);
    expect(market.observed()).toBe(T0 - 1_000);
  });

  it('a mark out of band is counted and not used', () => {
    const { guard, marks } = setup();
    expect(guard.admitMark('ETH', 3_000, T0)).toBe(true);
    expect(guard.admitMark('ETH', 1e29, T0 + 1)).toBe(false);
    expect(guard.admitMark('ETH', 3_010, Date.UTC(2100, 0, 1))).toBe(false);
    expect(marks.get('ETH')).toBe(3_000);
    expect(guard.counts().quarantined).toEqual({ mark: 1, 'prices-time': 1 });
  });

  it('drops book levels out of band (a level at 1e29 or worth 1e34 USD) and books stamped out of band', () => {
    const { guard, marks } = setup();
    marks.set('ETH', 3_000);
    const level = (price: number, amount = 10) => ({ price, amount, orders: 1 });
    const book = guard.screenBook({ symbol: 'ETH', time: T0, bids: [level(2_999), level(1e-30)], asks: [level(3_001), level(1e29), level(3_002, 1e30)] });
    expect(book?.bids.map((l) => l.price)).toEqual([2_999]);
    expect(book?.asks.map((l) => l.price)).toEqual([3_001]);
    expect(guard.screenBook({ symbol: 'ETH', time: Date.UTC(2100, 0, 1), bids: [], asks: [] })).toBeNull();
    expect(guard.counts().quarantined).toEqual({ 'book-level': 1, 'book-time': 1 });
  });
});
