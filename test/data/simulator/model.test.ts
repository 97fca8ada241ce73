import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, type EngineConfig } from '../../../src/data/simulator/engine.js';
import { formatScaled, parseScaled } from '../../../src/data/simulator/decimal.js';
import { ALL_MARKETS, marketSpec } from '../../../src/data/simulator/markets.js';
import { createMarketState, drawLots } from '../../../src/data/simulator/model.js';
import { mulberry32 } from '../../../src/data/simulator/prng.js';
import { createSimClock } from '../../../src/data/simulator/sim-clock.js';
import { klines } from '../../../src/data/simulator/candles.js';

const START = 1_760_000_123_456;
const config = (seed: number, symbols: string[] = ['BTC', 'SOL', 'PUMP']): EngineConfig => ({ seed, startTime: START, stepMs: 250, rateScale: 1, steadyRate: false, symbols, historyDays: 3 });

describe('decimal strings', () => {
  it.each([
    [95_000, 0, '95000'], [38_734, -1, '3873.4'], [1, -5, '0.00001'], [17_668, -3, '17.668'], [120, -2, '1.2'], [3, 2, '300'], [0, -4, '0'],
  ])('formatScaled(%d, %d) = %s', (units, exp, text) => {
    expect(formatScaled(units, exp)).toBe(text);
    expect(parseScaled(text, exp)).toBe(units);
  });
  it.each([['157.475', -2], ['0.000015', -5], ['150', 2], ['1e3', 0], ['-1', 0], ['', 0]])('parseScaled rejects off-grid or malformed %s', (text, exp) => {
    expect(parseScaled(text, exp)).toBeNull();
  });
  it('round-trips any integer on any grid', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: -8, max: 3 }), (n, e) => parseScaled(formatScaled(n, e), e) === n));
  });
});

describe('markets', () => {
  it('lists the 34 pairs with the venue tick/lot convention and category thresholds', () => {
    expect(ALL_MARKETS).toHaveLength(34);
    expect(marketSpec('BTC')).toMatchObject({ tickSize: 1, lotSize: 0.00001, category: 'major', whaleThresholdUsd: 25_000 });
    expect(marketSpec('ETH')).toMatchObject({ tickSize: 0.1, lotSize: 0.0001 });
    for (const s of ['TRUMP', 'ICP', 'NEAR', 'STRK']) expect(marketSpec(s)?.category).toBe('emerging');
    const counts = ALL_MARKETS.reduce<Record<string, number>>((acc, m) => ({ ...acc, [m.category]: (acc[m.category] ?? 0) + 1 }), {});
    expect(counts).toEqual({ major: 3, 'mid-cap': 7, emerging: 18, 'small-cap': 6 });
  });
});

describe('engine determinism', () => {
  it('replays the same trades and kline history for the same seed and startTime', () => {
    const a = createEngine(config(42));
    const b = createEngine(config(42));
    a.advanceTo(START + 120_000);
    b.advanceTo(START + 120_000);
    expect(a.ledger.count()).toBeGreaterThan(100);
    expect(b.ledger.all().slice(0, 500)).toEqual(a.ledger.all().slice(0, 500));
    const hist = (e: typeof a): unknown => klines(e.markets.get('BTC')!.series, 900_000, START - 2 * 86_400_000, START, 4000);
    expect(hist(b)).toEqual(hist(a));
  });

  it('differs for another seed', () => {
    const a = createEngine(config(42));
    const c = createEngine(config(43));
    a.advanceTo(START + 30_000);
    c.advanceTo(START + 30_000);
    expect(c.ledger.all().slice(0, 50)).not.toEqual(a.ledger.all().slice(0, 50));
  });

  it('does not let a paused symbol shift the other symbols stream', () => {
    const a = createEngine(config(5));
    const b = createEngine(config(5));
    b.markets.get('SOL')!.paused = true;
    a.advanceTo(START + 60_000);
    b.advanceTo(START + 60_000);
    expect(b.ledger.count('SOL')).toBe(0);
    const strip = (e: typeof a) => e.ledger.bySymbol('BTC').map(({ h: _h, li: _li, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
  });

  it('continues live candles from the last historical close (history and live agree)', () => {
    const e = createEngine(config(9, ['ETH']));
    const series = e.markets.get('ETH')!.series;
    const lastHist = klines(series, 60_000, START - 120_000, Math.floor(START / 60_000) * 60_000, 10).at(-1)!;
    e.advanceTo(START + 60_000);
    const first = Number(e.ledger.bySymbol('ETH')[0]!.price);
    const lastClose = lastHist.m.c * 0.1;
    expect(Math.abs(first - lastClose) / lastClose).toBeLessThan(0.002);
  });
});

describe('generated flow', () => {
  it('has heavy-tailed trade sizes (p99.9 / median far beyond a log-normal)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const state = createMarketState(marketSpec('ETH')!, mulberry32(seed));
        const sizes = Array.from({ length: 20_000 }, () => drawLots(state, 3_200)).sort((x, y) => x - y);
        const q = (p: number): number => sizes[Math.floor(p * (sizes.length - 1))] ?? 0;
        return q(0.999) / q(0.5) > 30 && q(0) >= 1;
      }),
      { numRuns: 20 },
    );
  });

  it('shows whale walls and ladders in some book snapshots but not in all', () => {
    const e = createEngine(config(3, ['BTC', 'SOL']));
    let withWall = 0;
    let without = 0;
    const kinds = new Set<string>();
    for (let t = 1; t <= 240; t++) {
      e.advanceTo(START + t * 10_000);
      for (const [symbol, rt] of e.markets) {
        const book = e.book(symbol);
        const usd = (l: { priceTicks: number; lots: number }): number => l.priceTicks * rt.spec.tickSize * l.lots * rt.spec.lotSize;
        const sides = [book.bids, book.asks];
        const big = sides.some((s) => s.some((l) => usd(l) >= rt.spec.whaleThresholdUsd));
        if (big) kinds.add('single');
        for (const w of rt.walls) kinds.add(w.kind);
        if (big || rt.walls.length > 0) withWall++;
        else without++;
        expect(book.bids.length).toBeGreaterThanOrEqual(20);
      }
    }
    expect(withWall).toBeGreaterThan(20);
    expect(without).toBeGreaterThan(20);
    expect(kinds).toEqual(new Set(['single', 'ladder']));
  });
});

describe('sim clock', () => {
  it('at speed 60 closes a 15-minute candle every 15 s of real time', () => {
    let real = 1_000;
    const clock = createSimClock(START, 60, () => real);
    expect(clock.now()).toBe(START);
    real += 15_000;
    expect(clock.now() - START).toBe(900_000);
  });
});
