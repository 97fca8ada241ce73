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
  /** Current exchange time estimate (ms), projected forward between messages (UI, timers). */
  now(): number;
  /**
   * Latest exchange timestamp actually received (ms); wall clock before the first. Candles
   * close on this, never on a projection: at 60x a projected clock runs ahead of trades
   * still in flight and would close their bucket under them.
   */
  observed(): number;
  /** True once an exchange timestamp was seen. */
  synced(): boolean;
}

export function createMarketClock(wall: Clock, speed = 1): MarketClock {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  let anchor: { exchange: number; wall: number } | null = null;
  let latest = -Infinity;
  const now = (): number => (anchor ? anchor.exchange + (wall.now() - anchor.wall) * speed : wall.now());
  return {
    observe(t) {
      if (!Number.isFinite(t)) return;
      if (t > latest) latest = t;
      if (anchor === null || t > now()) anchor = { exchange: t, wall: wall.now() };
    },
    now,
    observed: () => (latest === -Infinity ? wall.now() : latest),
    synced: () => anchor !== null,
  };
}
