import { describe, expect, it } from 'vitest';
import { createMarketClock } from '../../../src/engine/app/market-clock.js';
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
});
