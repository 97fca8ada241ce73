/**
 * The candle clock: exchange time, not the wall clock. Against the simulator at
 * `--speed 60` a 15-minute candle closes every 15 real seconds, so candles, readiness
 * ETAs and whale impact timers must follow the venue's timestamps. Between messages
 * the clock projects forward at `speed` (1 for the venue) and never runs backwards.
 *
 * With a time band, a timestamp outside it (a trade stamped in 2100, a book stamped 0)
 * never moves the clock: one bad print would otherwise freeze every candle behind it.
 * Only when every timestamp has been out of band for `rebaseAfterMs` of wall time (the
 * venue's clock really jumped, e.g. a simulator restarted) does the clock follow, and
 * never past the local-clock band.
 */
import { checkTime, type SanityBands, type TimeVerdict } from '../core/tick-sanity.js';
import type { Clock } from '../ports/clock.js';

export interface MarketClock {
  /** Feed an exchange timestamp (trade, book, prices); false when it was out of band and ignored. */
  observe(exchangeTime: number): boolean;
  /** Why `exchangeTime` is out of band (null: in band, or no band configured). No side effects. */
  check(exchangeTime: number): TimeVerdict;
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

export interface TimeBand {
  readonly bands: SanityBands;
  /** Wall ms of nothing but out-of-band timestamps after which the clock follows them. */
  readonly rebaseAfterMs: number;
}

export function createMarketClock(wall: Clock, speed = 1, band?: TimeBand): MarketClock {
  if (!(speed > 0)) throw new RangeError(`speed must be > 0, got ${speed}`);
  let anchor: { exchange: number; wall: number } | null = null;
  let latest = -Infinity;
  let rejectingSince: number | null = null;
  const now = (): number => (anchor ? anchor.exchange + (wall.now() - anchor.wall) * speed : wall.now());
  const check = (t: number): TimeVerdict => (band ? checkTime(t, { venue: anchor ? now() : null, local: wall.now() }, band.bands) : null);
  const accept = (t: number): boolean => {
    rejectingSince = null;
    if (t > latest) latest = t;
    if (anchor === null || t > now()) anchor = { exchange: t, wall: wall.now() };
    return true;
  };
  const rebase = (t: number): boolean => {
    anchor = { exchange: t, wall: wall.now() };
    latest = t;
    rejectingSince = null;
    return true;
  };
  return {
    observe(t) {
      if (!Number.isFinite(t)) return false;
      const verdict = check(t);
      if (verdict === null) return accept(t);
      if (verdict === 'time-local-skew' || !band) return false;
      rejectingSince ??= wall.now();
      return wall.now() - rejectingSince >= band.rebaseAfterMs ? rebase(t) : false;
    },
    check,
    now,
    observed: () => (latest === -Infinity ? wall.now() : latest),
    synced: () => anchor !== null,
  };
}
