import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/engine/core/backoff.js';

describe('backoffDelay', () => {
  it.each([
    [0, 0, 250],
    [0, 0.999, 500],
    [1, 0, 500],
    [3, 0.5, 3000],
    [20, 0.999, 29_985],
  ])('attempt %i rand %f -> %i ms', (attempt, rand, expected) => {
    expect(backoffDelay(DEFAULT_BACKOFF, attempt, rand)).toBe(expected);
  });

  it('first retry is within 1 s and no delay exceeds the cap', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, rand) => {
        const d = backoffDelay(DEFAULT_BACKOFF, attempt, rand);
        return d >= 1 && d <= DEFAULT_BACKOFF.capMs && (attempt > 0 || d <= 1000);
      }),
    );
  });

  it('without jitter is the plain capped doubling, whatever rand says', () => {
    const doubling = { baseMs: 100, capMs: 1_000, jitter: false };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(doubling, a, 0.7))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('rejects corrupt input', () => {
    expect(() => backoffDelay(DEFAULT_BACKOFF, -1, 0.5)).toThrow(RangeError);
    expect(() => backoffDelay(DEFAULT_BACKOFF, 1, 1)).toThrow(RangeError);
    expect(() => backoffDelay(DEFAULT_BACKOFF, 1, Number.NaN)).toThrow(RangeError);
  });
});
