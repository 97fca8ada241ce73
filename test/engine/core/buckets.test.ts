import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketEnd, bucketStart } from '../../../src/engine/core/buckets.js';
import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../../src/engine/core/types.js';
import { floorToStep } from '../../../src/engine/core/guards.js';
import { at } from './fixtures.js';

describe('bucketStart (time_bucket alignment, UTC)', () => {
  it.each<[string, Timeframe, string]>([
    ['2026-03-02T12:07:31.123Z', '1m', '2026-03-02T12:07:00.000Z'],
    ['2026-03-02T12:07:31.123Z', '5m', '2026-03-02T12:05:00.000Z'],
    ['2026-03-02T12:07:31.123Z', '15m', '2026-03-02T12:00:00.000Z'],
    ['2026-03-02T12:15:00.000Z', '15m', '2026-03-02T12:15:00.000Z'],
    ['2026-03-02T12:14:59.999Z', '15m', '2026-03-02T12:00:00.000Z'],
    ['2026-03-02T12:07:31.123Z', '1h', '2026-03-02T12:00:00.000Z'],
    ['2026-03-02T03:59:59.999Z', '4h', '2026-03-02T00:00:00.000Z'],
    ['2026-03-02T22:10:00.000Z', '4h', '2026-03-02T20:00:00.000Z'],
    ['2026-03-02T23:59:59.999Z', '1d', '2026-03-02T00:00:00.000Z'],
    ['1969-12-31T23:30:00.000Z', '1h', '1969-12-31T23:00:00.000Z'],
  ])('%s %s -> %s', (time, tf, expected) => {
    expect(new Date(bucketStart(at(time), tf)).toISOString()).toBe(expected);
  });

  it('contains the time and is aligned, for every timeframe', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(...TIMEFRAMES), (t, tf) => {
        const s = bucketStart(t, tf);
        return s <= t && t < bucketEnd(t, tf) && s % TIMEFRAME_MS[tf] === 0;
      }),
    );
  });

  it('rejects corrupt input', () => {
    expect(() => bucketStart(Number.NaN, '1m')).toThrow(RangeError);
    expect(() => bucketStart(0, '2m' as Timeframe)).toThrow(TypeError);
  });
});

describe('floorToStep', () => {
  it.each([
    [0.3, 0.1, 0.3],
    [1.23456, 0.001, 1.234],
    [99.99, 1, 99],
    [0.00049, 0.0001, 0.0004],
    [12345.6, 10, 12340],
  ])('%f on %f -> %f', (x, step, expected) => expect(floorToStep(x, step)).toBe(expected));
});
