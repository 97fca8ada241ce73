import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  closedCandles,
  createCandleBook,
  formingCandle,
  reduceCandles,
  type CandleBook,
  type CandleIntent,
} from '../../../src/engine/core/candle-book.js';
import { bucketStart } from '../../../src/engine/core/buckets.js';
import type { Candle, Tick, Timeframe } from '../../../src/engine/core/types.js';
import { at, candle, sameCandle, tick, tickStream } from './fixtures.js';

const T = at('2026-03-02T12:00:00Z');
const FOREVER = { graceMs: 1e13, dedupWindowMs: 1e13, historyLimit: 100_000 };

function feed(book: CandleBook, ticks: readonly Tick[]): CandleIntent[] {
  return ticks.flatMap((t) => reduceCandles(book, { type: 'trade', tick: t }).intents);
}

/** All candles (closed + forming) of one series. */
function allCandles(book: CandleBook, tf: Timeframe, symbol = 'BTC'): Candle[] {
  const f = formingCandle(book, symbol, tf);
  return [...closedCandles(book, symbol, tf), ...(f ? [f] : [])];
}

/** Reference: straight from the definition, over ticks sorted by (time, tradeId). */
function reference(ticks: readonly Tick[], tf: Timeframe): Map<number, Omit<Candle, 'source'>> {
  const sorted = [...ticks].sort((a, b) => a.time - b.time || a.tradeId - b.tradeId);
  const groups = new Map<number, Tick[]>();
  for (const t of sorted) groups.set(bucketStart(t.time, tf), [...(groups.get(bucketStart(t.time, tf)) ?? []), t]);
  const out = new Map<number, Omit<Candle, 'source'>>();
  for (const [time, g] of groups) {
    const volume = g.reduce((s, t) => s + t.volume, 0);
    const pv = g.reduce((s, t) => s + t.price * t.volume, 0);
    const buy = g.filter((t) => t.side === 'buy').reduce((s, t) => s + t.volume, 0);
    out.set(time, {
      symbol: 'BTC', timeframe: tf, time,
      open: g[0]!.price, close: g.at(-1)!.price,
      high: Math.max(...g.map((t) => t.price)), low: Math.min(...g.map((t) => t.price)),
      volume, vwap: volume > 0 ? pv / volume : g.at(-1)!.price, trades: g.length, buyVolume: buy, sellVolume: volume - buy,
    });
  }
  return out;
}

describe('candle book: worked cases', () => {
  it('out-of-order trades inside a bucket: open/close by (time, tradeId)', () => {
    const book = createCandleBook({ timeframes: ['1m'] });
    feed(book, [
      tick({ time: T + 30_000, tradeId: 5, price: 103 }),
      tick({ time: T + 10_000, tradeId: 9, price: 101, side: 'sell', volume: 2 }),
      tick({ time: T + 10_000, tradeId: 3, price: 100 }),
      tick({ time: T + 50_000, tradeId: 2, price: 99 }),
      tick({ time: T + 50_000, tradeId: 1, price: 104 }),
    ]);
    expect(formingCandle(book, 'BTC', '1m')).toMatchObject({
      time: T, open: 100, close: 99, high: 104, low: 99, volume: 6, trades: 5, buyVolume: 4, sellVolume: 2,
      vwap: (103 + 202 + 100 + 99 + 104) / 6, source: 'live',
    });
  });

  it('closes on a clock event and on a trade in a later bucket', () => {
    const book = createCandleBook({ timeframes: ['1m', '5m'] });
    feed(book, [tick({ time: T + 1, tradeId: 1, price: 100 })]);
    const byClock = reduceCandles(book, { type: 'clock', now: T + 60_000 }).intents;
    expect(byClock).toEqual([{ type: 'candle.closed', candle: expect.objectContaining({ timeframe: '1m', time: T }) }]);
    const byTrade = feed(book, [tick({ time: T + 300_001, tradeId: 2, price: 101 })]);
    expect(byTrade.map((i) => i.type)).toEqual(['candle.updated', 'candle.closed', 'candle.updated']);
    expect(closedCandles(book, 'BTC', '5m').map((c) => c.time)).toEqual([T]);
  });

  it('a late trade within grace updates its closed bucket; past grace it is reported and dropped', () => {
    const book = createCandleBook({ timeframes: ['1m'], graceMs: 5_000, dedupWindowMs: 60_000 });
    feed(book, [tick({ time: T + 1_000, tradeId: 1, price: 100 }), tick({ time: T + 61_000, tradeId: 2, price: 102 })]);
    const inGrace = feed(book, [tick({ time: T + 59_000, tradeId: 3, price: 110, volume: 3 })]);
    expect(inGrace).toEqual([
      { type: 'candle.updated', closed: true, candle: expect.objectContaining({ time: T, close: 110, high: 110, volume: 4 }) },
    ]);
    reduceCandles(book, { type: 'clock', now: T + 65_000 });
    const late = tick({ time: T + 59_500, tradeId: 4, price: 90 });
    expect(feed(book, [late])).toEqual([
      { type: 'late-trade-dropped-from-candle', tick: late, timeframe: '1m', bucket: T, reason: 'past-grace' },
    ]);
    expect(closedCandles(book, 'BTC', '1m')[0]).toMatchObject({ low: 100, trades: 2 });
  });

  it('a trade older than the dedup window is dropped from every timeframe', () => {
    const book = createCandleBook({ timeframes: ['1m', '1d'], graceMs: 5_000, dedupWindowMs: 60_000 });
    reduceCandles(book, { type: 'clock', now: T + 600_000 });
    const old = tick({ time: T, tradeId: 1, price: 100 });
    expect(feed(book, [old]).map((i) => i.type === 'late-trade-dropped-from-candle' && i.reason)).toEqual([
      'past-dedup-window',
      'past-dedup-window',
    ]);
  });

  it('ignores a duplicate trade (same symbol, time, tradeId)', () => {
    const book = createCandleBook({ timeframes: ['1m'] });
    const t = tick({ time: T + 5, tradeId: 7, price: 100 });
    feed(book, [t, t, { ...t, price: 999 }]);
    expect(formingCandle(book, 'BTC', '1m')).toMatchObject({ trades: 1, volume: 1, high: 100 });
  });

  it('counts two trades with one id at different times as two (the duplicate filter keys on id and time)', () => {
    const book = createCandleBook({ timeframes: ['1m'] });
    feed(book, [tick({ time: T + 5, tradeId: 7, price: 100 }), tick({ time: T + 6, tradeId: 7, price: 101 }), tick({ time: T + 5, tradeId: 7, price: 100 })]);
    expect(formingCandle(book, 'BTC', '1m')).toMatchObject({ trades: 2, volume: 2, high: 101 });
  });

  it('property: the duplicate filter counts each distinct (time, id) once, ids shared across times included', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 6 })), { maxLength: 80 }), (pairs) => {
      const book = createCandleBook({ timeframes: ['1h'], ...FOREVER });
      feed(book, pairs.map(([dt, id]) => tick({ time: T + dt, tradeId: id, price: 100 })));
      const distinct = new Set(pairs.map(([dt, id]) => `${dt}:${id}`)).size;
      expect(formingCandle(book, 'BTC', '1h')?.trades ?? 0).toBe(distinct);
    }));
  });

  it('the duplicate filter forgets trades past its window: its memory stays bounded at a steady rate', () => {
    const book = createCandleBook({ timeframes: ['1m'], graceMs: 5_000, dedupWindowMs: 10_000 });
    // 100 trades per second for 10 minutes: the window holds 1,000 of them.
    for (let i = 0; i < 60_000; i++) reduceCandles(book, { type: 'trade', tick: tick({ time: T + i * 10, tradeId: i + 1, price: 100 }) });
    const s = book.symbols.get('BTC')!;
    expect(s.seen.size).toBeLessThanOrEqual(1_000 + 4_097);
    expect(s.seenOther.size).toBe(0);
    expect(s.seenTimes.length - s.head).toBe(s.seenIds.length - s.head);
    expect(s.seenTimes.length).toBeLessThan(3 * (1_000 + 4_097));
    // A replay of a trade still inside the window is a duplicate; one past it is too old to count.
    const last = tick({ time: T + 599_990, tradeId: 60_000, price: 100 });
    const before = formingCandle(book, 'BTC', '1m')!.trades;
    feed(book, [last]);
    expect(formingCandle(book, 'BTC', '1m')!.trades).toBe(before);
  });

  it('keeps a bounded history', () => {
    const book = createCandleBook({ timeframes: ['1m'], historyLimit: 3 });
    feed(book, [0, 1, 2, 3, 4, 5].map((i) => tick({ time: T + i * 60_000, tradeId: i + 1, price: 100 + i })));
    expect(closedCandles(book, 'BTC', '1m').map((c) => c.close)).toEqual([102, 103, 104]);
    expect(closedCandles(book, 'BTC', '1m', 2).map((c) => c.close)).toEqual([103, 104]);
  });

  it.each<[string, Partial<Tick>]>([
    ['NaN price', { price: Number.NaN }],
    ['negative size', { volume: -1 }],
    ['zero price', { price: 0 }],
    ['fractional trade id', { tradeId: 1.5 }],
    ['bad side', { side: 'up' as never }],
  ])('throws on a corrupt tick: %s', (_, over) => {
    const book = createCandleBook();
    expect(() => feed(book, [tick({ time: T, tradeId: 1, price: 100, ...over })])).toThrow();
  });

  it('rejects unknown timeframes and inconsistent options', () => {
    expect(() => createCandleBook({ timeframes: ['2m' as Timeframe] })).toThrow(TypeError);
    expect(() => createCandleBook({ graceMs: 10, dedupWindowMs: 5 })).toThrow(RangeError);
  });
});

describe('candle book: seeding', () => {
  const now = T + 5 * 900_000 + 60_000;
  const seeded = (): CandleBook => {
    const book = createCandleBook({ timeframes: ['15m'] });
    reduceCandles(book, { type: 'seed', now, candles: [0, 1, 2].map((i) => candle({ time: T + i * 900_000, close: 100 + i, source: 'backfill' })) });
    return book;
  };

  it('stored wins over backfill; backfill never replaces stored or live', () => {
    const book = seeded();
    const r = reduceCandles(book, { type: 'seed', candles: [candle({ time: T, close: 200, source: 'stored' })] });
    expect(r.intents).toEqual([{ type: 'candles.seeded', accepted: 1, ignored: 0 }]);
    reduceCandles(book, { type: 'seed', candles: [candle({ time: T, close: 300, source: 'backfill' })] });
    expect(closedCandles(book, 'BTC', '15m').map((c) => [c.close, c.source])).toEqual([[200, 'stored'], [101, 'backfill'], [102, 'backfill']]);
  });

  it('a live candle with trades wins over backfill for its bucket', () => {
    const book = createCandleBook({ timeframes: ['15m'], ...FOREVER });
    feed(book, [tick({ time: T + 1, tradeId: 1, price: 50 }), tick({ time: T + 900_001, tradeId: 2, price: 51 })]);
    reduceCandles(book, { type: 'seed', candles: [candle({ time: T, close: 300, source: 'backfill' })] });
    expect(closedCandles(book, 'BTC', '15m')[0]).toMatchObject({ close: 50, source: 'live' });
  });

  it('the forming bucket is seeded once, then live trades add to it', () => {
    const book = createCandleBook({ timeframes: ['15m'] });
    const formingStart = bucketStart(now, '15m');
    reduceCandles(book, { type: 'seed', now, candles: [candle({ time: formingStart, close: 100, open: 99, low: 99, volume: 10 })] });
    feed(book, [tick({ time: now + 1, tradeId: 1, price: 101, volume: 2 })]);
    const r = reduceCandles(book, { type: 'seed', candles: [candle({ time: formingStart, close: 100 })] });
    expect(r.intents).toEqual([{ type: 'candles.seeded', accepted: 0, ignored: 1 }]);
    expect(formingCandle(book, 'BTC', '15m')).toMatchObject({ open: 99, close: 101, volume: 12, source: 'live' });
  });

  it('throws on corrupt candles and on a seed before any clock', () => {
    expect(() => reduceCandles(createCandleBook(), { type: 'seed', candles: [candle({ time: T, close: 1 })] })).toThrow(RangeError);
    const book = seeded();
    expect(() => reduceCandles(book, { type: 'seed', candles: [candle({ time: T, close: 100, high: 90 })] })).toThrow(RangeError);
    expect(() => reduceCandles(book, { type: 'seed', candles: [candle({ time: T + 1, close: 100 })] })).toThrow(RangeError);
  });
});

describe('candle book: properties', () => {
  it('matches the reference; low <= open,close <= high; volume = buy + sell', () => {
    fc.assert(
      fc.property(tickStream, fc.constantFrom<Timeframe>('1m', '5m', '15m', '1h'), (ticks, tf) => {
        const book = createCandleBook({ timeframes: [tf], ...FOREVER });
        feed(book, [...ticks].sort((a, b) => a.time - b.time));
        const got = allCandles(book, tf);
        const ref = reference(ticks, tf);
        expect(got.length).toBe(ref.size);
        for (const c of got) {
          expect(c.low <= Math.min(c.open, c.close) && Math.max(c.open, c.close) <= c.high).toBe(true);
          expect(Math.abs(c.volume - c.buyVolume - c.sellVolume)).toBeLessThan(1e-9 * Math.max(1, c.volume));
          expect(sameCandle(c, { ...ref.get(c.time)!, source: 'live' })).toBe(true);
        }
      }),
    );
  });

  it('a shuffled tick stream gives the same candles as the sorted stream', () => {
    fc.assert(
      fc.property(tickStream.chain((ts) => fc.tuple(fc.constant(ts), fc.shuffledSubarray(ts, { minLength: ts.length }))), ([ticks, shuffled]) => {
        const a = createCandleBook({ timeframes: ['5m', '1h'], ...FOREVER });
        const b = createCandleBook({ timeframes: ['5m', '1h'], ...FOREVER });
        feed(a, [...ticks].sort((x, y) => x.time - y.time || x.tradeId - y.tradeId));
        feed(b, shuffled);
        for (const tf of ['5m', '1h'] as const) {
          const ca = allCandles(a, tf);
          const cb = allCandles(b, tf);
          expect(cb.length).toBe(ca.length);
          ca.forEach((c, i) => expect(sameCandle(c, cb[i]!)).toBe(true));
        }
      }),
    );
  });

  it('1m candles rolled up equal the 15m candle of the same ticks', () => {
    fc.assert(
      fc.property(tickStream, (ticks) => {
        const book = createCandleBook({ timeframes: ['1m', '15m'], ...FOREVER });
        feed(book, [...ticks].sort((a, b) => a.time - b.time));
        for (const big of allCandles(book, '15m')) {
          const small = allCandles(book, '1m').filter((c) => bucketStart(c.time, '15m') === big.time);
          const volume = small.reduce((s, c) => s + c.volume, 0);
          const rolled: Candle = {
            ...big,
            open: small[0]!.open, close: small.at(-1)!.close,
            high: Math.max(...small.map((c) => c.high)), low: Math.min(...small.map((c) => c.low)),
            volume, trades: small.reduce((s, c) => s + c.trades, 0),
            vwap: small.reduce((s, c) => s + c.vwap * c.volume, 0) / volume,
            buyVolume: small.reduce((s, c) => s + c.buyVolume, 0), sellVolume: small.reduce((s, c) => s + c.sellVolume, 0),
          };
          expect(sameCandle(rolled, big)).toBe(true);
        }
      }),
    );
  });
});
