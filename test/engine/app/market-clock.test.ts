import { describe, expect, it } from 'vitest';
import { createMarketClock } from '../../../src/engine/app/market-clock.js';
import { sanityFor } from '../../../src/engine/app/sanity-settings.js';
import type { Clock } from '../../../src/engine/ports/clock.js';

const fakeWall = () => {
  let t = 1_000;
  const clock: Clock = { now: () => t, sleep: async () => {}, setTimer: () => () => {} };
  return { clock, advance: (ms: number) => (t += ms) };
};

describe('market clock', () => {
  it('follows exchange time and projects forward at the given speed', () => {
    const w = fakeWall();
    const mc = createMarketClock(w.clock, 60);
    expect(mc.synced()).toBe(false);
    mc.observe(1_700_000_000_000);
    w.advance(1_000);
    expect(mc.now()).toBe(1_700_000_060_000);
  });

  it('never runs backwards when an older timestamp arrives', () => {
    const w = fakeWall();
    const mc = createMarketClock(w.clock, 1);
    mc.observe(5_000_000);
    w.advance(500);
    mc.observe(5_000_100);
    expect(mc.now()).toBe(5_000_500);
    mc.observe(5_000_900);
    expect(mc.now()).toBe(5_000_900);
  });

  describe('with a time band', () => {
    const T0 = Date.UTC(2026, 11, 1);
    const wallAt = (t: number) => {
      let now = t;
      const clock: Clock = { now: () => now, sleep: async () => {}, setTimer: () => () => {} };
      return { clock, advance: (ms: number) => (now += ms) };
    };

    it('a print stamped in 2100 is refused and never moves the clock (venue: local clock band)', () => {
      const w = wallAt(T0);
      const mc = createMarketClock(w.clock, 1, sanityFor({ marketSpeed: 1, localClock: true }));
      expect(mc.observe(T0 - 200)).toBe(true);
      expect(mc.observe(Date.UTC(2100, 0, 1))).toBe(false);
      expect(mc.observed()).toBe(T0 - 200);
      w.advance(60_000);
      // Only out-of-band times for longer than the re-base delay: still never past the local band.
      expect(mc.observe(Date.UTC(2100, 0, 1))).toBe(false);
      expect(mc.now()).toBe(T0 - 200 + 60_000);
    });

    it('a first timestamp far from the local clock is refused on the venue', () => {
      const mc = createMarketClock(wallAt(T0).clock, 1, sanityFor({ marketSpeed: 1, localClock: true }));
      expect(mc.observe(0)).toBe(false);
      expect(mc.synced()).toBe(false);
    });

    it('scales the band with the speed on a simulator, and follows a venue clock that really jumped', () => {
      const w = wallAt(T0);
      const mc = createMarketClock(w.clock, 60, sanityFor({ marketSpeed: 60 }));
      expect(mc.observe(T0)).toBe(true);
      expect(mc.check(T0 + 59 * 60_000)).toBeNull();
      expect(mc.check(T0 + 61 * 60_000)).toBe('time-ahead');
      expect(mc.check(0)).toBe('time-behind');
      // A simulator restarted 10 days later: every timestamp out of band for 10 s of wall time.
      const later = T0 + 10 * 86_400_000 * 60;
      expect(mc.observe(later)).toBe(false);
      w.advance(5_000);
      expect(mc.observe(later + 1)).toBe(false);
      w.advance(5_000);
      expect(mc.observe(later + 2)).toBe(true);
      expect(mc.observed()).toBe(later + 2);
    });

    it('an accepted timestamp in between resets the re-base delay', () => {
      const w = wallAt(T0);
      const mc = createMarketClock(w.clock, 1, sanityFor({ marketSpeed: 1 }));
      mc.observe(T0);
      expect(mc.observe(Date.UTC(2100, 0, 1))).toBe(false);
      w.advance(9_000);
      expect(mc.observe(T0 + 9_000)).toBe(true);
      w.advance(9_000);
      expect(mc.observe(Date.UTC(2100, 0, 1))).toBe(false);
      expect(mc.observed()).toBe(T0 + 9_000);
    });
  });
});
