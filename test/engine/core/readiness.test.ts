import { describe, expect, it } from 'vitest';
import { readiness, readinessReason } from '../../../src/engine/core/readiness.js';
import { atr, meanVolume, trueRange, windowVwap } from '../../../src/engine/core/indicators.js';
import { at, candle } from './fixtures.js';

const Q = 900_000;
const series = (fromIso: string, n: number, skip: readonly number[] = []) =>
  Array.from({ length: n }, (_, i) => i)
    .filter((i) => !skip.includes(i))
    .map((i) => candle({ time: at(fromIso) + i * Q, close: 100 }));

describe('readiness', () => {
  it('7/20 at 12:07 is ready at the close of the 20th bucket (15:15)', () => {
    const r = readiness(series('2026-03-02T10:15:00Z', 7), '15m', 20, at('2026-03-02T12:07:00Z'));
    expect(r).toMatchObject({ available: 7, missing: 13, ready: false, holes: [], holeInWindow: null });
    expect(new Date(r.readyAt).toISOString()).toBe('2026-03-02T15:15:00.000Z');
    expect(readinessReason(r)).toBe('warming up 7/20');
  });

  it.each([
    ['exactly enough', 20, '2026-03-02T17:00:00Z', true, 20],
    ['more than enough', 30, '2026-03-02T19:31:00Z', true, 20],
    ['none', 0, '2026-03-02T12:00:00Z', false, 0],
  ])('%s', (_, n, nowIso, ready, available) => {
    const r = readiness(series('2026-03-02T12:00:00Z', n as number).slice(-(n as number) || 0), '15m', 20, at(nowIso as string));
    expect(r.ready).toBe(ready);
    expect(r.available).toBe(available);
    if (ready) expect(readinessReason(r)).toBeNull();
  });

  it('a hole inside the window is reported, not bridged', () => {
    const closed = series('2026-03-02T10:00:00Z', 24, [10]);
    const r = readiness(closed, '15m', 20, at('2026-03-02T16:05:00Z'));
    expect(r.holes).toEqual([{ from: at('2026-03-02T12:30:00Z'), to: at('2026-03-02T12:45:00Z') }]);
    expect(r).toMatchObject({ available: 13, ready: false });
    expect(new Date(r.readyAt).toISOString()).toBe('2026-03-02T17:45:00.000Z');
    expect(readinessReason(r)).toBe('hole in candles at 2026-03-02T12:30:00.000Z (13/20 contiguous)');
  });

  it('candles that stop before the last closed bucket count as a trailing hole', () => {
    const r = readiness(series('2026-03-02T10:00:00Z', 20), '15m', 20, at('2026-03-02T15:40:00Z'));
    expect(r.available).toBe(0);
    expect(r.holes).toEqual([{ from: at('2026-03-02T15:00:00Z'), to: at('2026-03-02T15:30:00Z') }]);
  });

  it('an old hole outside the window does not block', () => {
    const r = readiness(series('2026-03-02T00:00:00Z', 40, [2]), '15m', 20, at('2026-03-02T10:01:00Z'));
    expect(r.ready).toBe(true);
    expect(r.holes.length).toBe(1);
  });

  it('throws on unsorted candles or a bad lookback', () => {
    const c = series('2026-03-02T10:00:00Z', 3);
    expect(() => readiness([c[1]!, c[0]!], '15m', 20, at('2026-03-02T11:00:00Z'))).toThrow(RangeError);
    expect(() => readiness(c, '15m', 0, at('2026-03-02T11:00:00Z'))).toThrow(RangeError);
  });
});

describe('indicators', () => {
  const c = [
    candle({ time: 0, open: 10, high: 12, low: 9, close: 11, volume: 1 }),
    candle({ time: Q, open: 11, high: 11.5, low: 10.5, close: 11, volume: 3 }),
    candle({ time: 2 * Q, open: 14, high: 15, low: 14, close: 14, volume: 0 }),
  ];

  it('true range uses the previous close', () => {
    expect([0, 1, 2].map((i) => trueRange(c, i))).toEqual([3, 1, 4]);
  });

  it('ATR is the simple mean of the last N true ranges and needs N+1 candles', () => {
    expect(atr(c, 2)).toBe(2.5);
    expect(atr(c, 3)).toBeNull();
  });

  it('window VWAP is Σ(close·volume)/Σvolume; null without volume', () => {
    expect(windowVwap(c)).toBe((11 + 33) / 4);
    expect(windowVwap([c[2]!])).toBeNull();
    expect(meanVolume(c)).toBe(4 / 3);
  });
});
