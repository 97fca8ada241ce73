/**
 * The candle clock: exchange time, not the wall clock. Against the simulator at
 * `--speed 60` a 15-minute candle closes every 15 real seconds, so candles, readiness
 * ETAs and whale impact timers must follow the venue's timestamps. Between messages
 * the clock projects forward at `speed` (1 for the venue) and never runs backwards.
 */
import type { Clock } from '../ports/clock.js';

export interface MarketClock {
  /** Feed an exchange timestamp (trade, book, prices). */
  observe(exchangeTime: number): void;
  /** Current exchange time estimate (ms). */
  now(): number;
  /** True once an exchange timestamp was seen. */
  synced(): boolean;
}

export function createMarketClock(wall: Clock, speed = 1): MarketClock {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  let anchor: { exchange: number; wall: number } | null = null;
  const now = (): number => (anchor ? anchor.exchange + (wall.now() - anchor.wall) * speed : wall.now());
  return {
    observe(t) {
      if (!Number.isFinite(t)) return;
      if (anchor === null || t > now()) anchor = { exchange: t, wall: wall.now() };
    },
    now,
    synced: () => anchor !== null,
  };
}
