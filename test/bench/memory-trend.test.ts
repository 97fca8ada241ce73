import { describe, expect, it } from 'vitest';
import { floorSlope, lowPoints, slopeMbPerMin, type MemorySample } from '../../bench/lib/memory-trend.js';

/** A sample every 20 s for `minutes`, from `f(minute, i)` MB. */
const series = (minutes: number, f: (min: number, i: number) => number): MemorySample[] =>
  Array.from({ length: minutes * 3 }, (_, i) => ({ at: i * 20_000, bytes: f(i / 3, i) * 1e6 }));
/** GC sawtooth: up to 40 MB of garbage on top of the floor, never below it. */
const noise = (i: number): number => ((i * 37) % 5) * 10;

describe('memory trend (the soak bound)', () => {
  it('a straight line has its slope in MB/min', () => {
    expect(slopeMbPerMin(series(6, (m) => 100 + 10 * m))).toBeCloseTo(10, 6);
  });

  it('low points take the minimum of each window', () => {
    expect(lowPoints([{ at: 0, bytes: 5 }, { at: 1, bytes: 3 }, { at: 2, bytes: 4 }], 2).map((s) => s.bytes)).toEqual([3, 4]);
  });

  it.each([6, 10])('%i minutes: a flat floor with GC noise passes 5 MB/min, a 10 MB/min leak fails it', (minutes) => {
    expect(Math.abs(floorSlope(series(minutes, (_m, i) => 300 + noise(i))))).toBeLessThan(5);
    expect(floorSlope(series(minutes, (m, i) => 300 + 10 * m + noise(i)))).toBeGreaterThan(5);
  });

  it('a floor reached once per fault cycle (4 samples) reads flat with a window of one cycle, not with 2', () => {
    // Heap of a 4-minute soak on this machine (MB): the floor comes after each cycle's fault.
    const seen = [86, 109, 109, 108, 102, 117, 117, 116, 103, 118, 118, 118];
    const soak = seen.map((mb, i) => ({ at: i * 20_000, bytes: mb * 1e6 }));
    expect(floorSlope(soak, 2 / 3, 2)).toBeGreaterThan(5);
    expect(Math.abs(floorSlope(soak, 2 / 3, 4))).toBeLessThan(5);
    // A 10 MB/min leak with the same cycle still fails, over 4 and 10 minutes.
    for (const minutes of [4, 10]) {
      const leak = series(minutes, (m, i) => 300 + 10 * m + (i % 4 === 0 ? 0 : 15));
      expect(floorSlope(leak, 2 / 3, 4)).toBeGreaterThan(5);
    }
  });
});
