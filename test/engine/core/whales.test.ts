import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectWalls, impactBps, whaleConfidence } from '../../../src/engine/core/whales.js';
import { activeWhales, createWhaleState, reduceWhales, type WhaleIntent, type WhaleState } from '../../../src/engine/core/whale-tracker.js';
import type { BookLevel, BookSnapshot, Pair } from '../../../src/engine/core/types.js';
import { tick } from './fixtures.js';

const PAIR: Pair = {
  symbol: 'SOL', category: 'major', maxLeverage: 20, minOrderSize: 10, tickSize: 0.01, lotSize: 0.01,
  whaleThresholdUsd: 25_000, isActive: true, displayName: 'SOL',
};
const lv = (price: number, amount: number, orders = 1): BookLevel => ({ price, amount, orders });
/** Thin book around 100: 10 levels a side of 5 tokens ($500 each). */
const thin = (side: 'bids' | 'asks', i: number): BookLevel => lv(Number((side === 'bids' ? 99.9 - i * 0.1 : 100.1 + i * 0.1).toFixed(2)), 5);
const book = (over: { bids?: BookLevel[]; asks?: BookLevel[] } = {}, time = 0): BookSnapshot => ({
  symbol: 'SOL',
  time,
  bids: over.bids ?? Array.from({ length: 10 }, (_, i) => thin('bids', i)),
  asks: over.asks ?? Array.from({ length: 10 }, (_, i) => thin('asks', i)),
});
const withBidWall = (amount: number, at = 3): BookLevel[] =>
  Array.from({ length: 10 }, (_, i) => (i === at ? lv(thin('bids', i).price, amount, 4) : thin('bids', i)));

describe('detectWalls', () => {
  it('single: one level >= threshold and > 1% of its side', () => {
    const walls = detectWalls(book({ bids: withBidWall(300) }), 25_000);
    expect(walls).toEqual([
      expect.objectContaining({ whaleType: 'single', direction: 'bid', priceLow: 99.6, priceHigh: 99.6, totalVolume: 300, orderCount: 4 }),
    ]);
    expect(walls[0]!.totalValueUsd).toBeCloseTo(29_880, 6);
  });

  it('no single below the threshold, nor at or under 1% of a deep side', () => {
    expect(detectWalls(book({ bids: withBidWall(200) }), 25_000)).toEqual([]);
    const deep = [lv(100, 300), ...Array.from({ length: 9 }, (_, i) => lv(99 - i, 40_000))];
    expect(detectWalls(book({ asks: [], bids: deep }), 25_000).filter((w) => w.whaleType === 'single' && w.priceLow === 100)).toEqual([]);
  });

  it.each([
    ['3 similar levels reaching the threshold', [90, 100, 110], 1],
    ['a level 30% off the median breaks the ladder', [70, 100, 110], 0],
    ['only two similar levels', [100, 100], 0],
  ])('ladder: %s', (_, amounts, count) => {
    const asks = [...amounts.map((a, i) => lv(Number((100.1 + i * 0.1).toFixed(2)), a, 2)), lv(101, 1), lv(101.1, 1)];
    const ladders = detectWalls(book({ asks, bids: [] }), 25_000).filter((w) => w.whaleType === 'ladder');
    expect(ladders.length).toBe(count);
    if (count) expect(ladders[0]).toMatchObject({ direction: 'ask', priceLow: 100.1, orderCount: 6 });
  });

  it('confidence stays within 0.60..0.95 and grows with size', () => {
    fc.assert(fc.property(fc.double({ min: 1, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 2, noNaN: true }), (ratio, share, reg) => {
      const c = whaleConfidence(ratio * 1000, 1000, share, reg);
      return c >= 0.6 && c <= 0.95;
    }));
    expect(whaleConfidence(1000, 1000, 0, 0)).toBe(0.6);
    expect(whaleConfidence(8000, 1000, 0.25, 1)).toBe(0.95);
    expect(whaleConfidence(2000, 1000, 0, 0.5)).toBeCloseTo(0.7, 12);
  });

  it('throws on a corrupt level', () => {
    expect(() => detectWalls(book({ bids: [lv(Number.NaN, 1)] }), 25_000)).toThrow(RangeError);
    expect(() => detectWalls(book({ bids: [lv(100, -1)] }), 25_000)).toThrow(RangeError);
  });
});

describe('whale tracker', () => {
  const run = (events: Parameters<typeof reduceWhales>[1][], s0: WhaleState = createWhaleState()) => {
    let s = s0;
    const intents: WhaleIntent[] = [];
    for (const e of events) {
      const r = reduceWhales(s, e);
      s = r.state;
      intents.push(...r.intents);
    }
    return { s, intents };
  };
  const snap = (amount: number, now: number, at = 3) => ({ type: 'book' as const, book: book({ bids: withBidWall(amount, at) }, now), pair: PAIR, now });

  it('a persisting wall is one record: detected once, then throttled updates', () => {
    // 130 snapshots at 4/s (32 s) with ±0.3% size noise: one update, at the 30 s interval.
    const events = Array.from({ length: 130 }, (_, i) => snap(300 + (i % 2), 1_000 + i * 250));
    const { s, intents } = run(events);
    expect(intents.map((i) => i.type)).toEqual(['whale.detected', 'whale.updated']);
    const detected = intents[0]!.whale;
    expect(intents[1]!.whale).toMatchObject({ key: detected.key, detectedAt: 1_000, lastSeenAt: 31_000 });
    expect(activeWhales(s)).toEqual([expect.objectContaining({ key: detected.key, lastSeenAt: 1_000 + 129 * 250 })]);
    expect(detected.midAtDetection).toBe(100);
  });

  it('a size change above 5% emits an update at once, keeping key and detectedAt', () => {
    const { intents } = run([snap(300, 0), snap(310, 250), snap(330, 500)]);
    expect(intents.map((i) => i.type)).toEqual(['whale.detected', 'whale.updated']);
    expect(intents[1]!.whale).toMatchObject({ key: intents[0]!.whale.key, detectedAt: 0, lastSeenAt: 500, totalVolume: 330 });
  });

  it('a wall that shifts one level is the same wall (band tolerance)', () => {
    const { intents } = run([snap(300, 0, 3), snap(300, 250, 4)]);
    expect(intents.map((i) => i.type)).toEqual(['whale.detected']);
  });

  it('flicker within grace keeps the wall; gone past grace ends it', () => {
    const empty = (now: number) => ({ type: 'book' as const, book: book({}, now), pair: PAIR, now });
    const { intents } = run([snap(300, 0), empty(2_000), snap(300, 4_000), empty(6_000), empty(9_001)]);
    expect(intents.map((i) => i.type)).toEqual(['whale.detected', 'whale.ended']);
    expect(intents[1]!.whale.lastSeenAt).toBe(4_000);
  });

  it('a clock event ends walls of a pair whose book stopped', () => {
    const { s, intents } = run([snap(300, 0), { type: 'clock', now: 5_001 }]);
    expect(intents.map((i) => i.type)).toEqual(['whale.detected', 'whale.ended']);
    expect(activeWhales(s)).toEqual([]);
  });

  it('a large trade is a one-off single whale on the taker side, keyed by trade id', () => {
    const big = tick({ symbol: 'SOL', time: 10, tradeId: 77, price: 100, volume: 300, side: 'sell' });
    const { intents } = run([{ type: 'trade', tick: big, pair: PAIR, mid: 100.05 }, { type: 'trade', tick: { ...big, volume: 1 }, pair: PAIR }]);
    expect(intents).toEqual([
      { type: 'whale.detected', whale: expect.objectContaining({ key: 'SOL:trade:77', direction: 'ask', totalValueUsd: 30_000, midAtDetection: 100.05 }) },
    ]);
  });

  it.each([
    [100, 101, 'bid', 100],
    [100, 101, 'ask', -100],
    [200, 199, 'ask', 50],
  ] as const)('impactBps(%f, %f, %s) = %f', (a, b, dir, bps) => expect(impactBps(a, b, dir)).toBeCloseTo(bps, 9));
});
