/**
 * Sanity bands for market data: one bad print (a trade stamped in 2100, a price of 1e29, an
 * amount of 1e30, a timestamp of 0) must never reach the candles, the VWAP or the whale
 * detector. Pure: the reference state (the venue clock estimate, the last accepted price, the
 * mark price, the pair's lot size) is passed in, and the price check is a reducer
 * `(state, price) -> { state, ok }`.
 */
import type { BookLevel, BookSnapshot, Tick } from './types.js';

/** The bands, in the units the checks use (exchange-time ms already scaled by the market speed). */
export interface SanityBands {
  /** Exchange time may lead the venue clock estimate by at most this (ms). */
  readonly maxAheadMs: number;
  /** Exchange time may trail the venue clock estimate by at most this (ms). */
  readonly maxBehindMs: number;
  /**
   * Exchange time may lead the local clock by at most this, and trail it by at most this plus
   * `maxBehindMs` (ms); null when the venue runs its own clock (simulator).
   */
  readonly maxLocalSkewMs: number | null;
  /** A price is in band when max(p / ref, ref / p) <= 1 + pct / 100 for the last price or the mark. */
  readonly priceBandPct: number;
  /** This many consecutive out-of-band prices that agree with each other become the new reference. */
  readonly priceRebaseTicks: number;
  /** price x amount above this (USD) is not a trade the venue can print. */
  readonly maxNotionalUsd: number;
}

export type TimeVerdict = 'time-ahead' | 'time-behind' | 'time-local-skew' | null;
export type QuarantineReason = Exclude<TimeVerdict, null> | 'price' | 'amount-below-lot' | 'notional';

/** The clocks an exchange timestamp is checked against. */
export interface Clocks {
  /** The venue's clock as last observed and projected forward; null before the first observation. */
  readonly venue: number | null;
  readonly local: number;
}

/** Why `t` is out of band, or null when it is in band. */
export function checkTime(t: number, clocks: Clocks, b: SanityBands): TimeVerdict {
  if (!Number.isFinite(t)) return 'time-behind';
  if (b.maxLocalSkewMs !== null && (t > clocks.local + b.maxLocalSkewMs || t < clocks.local - b.maxLocalSkewMs - b.maxBehindMs)) return 'time-local-skew';
  if (clocks.venue === null) return null;
  if (t > clocks.venue + b.maxAheadMs) return 'time-ahead';
  if (t < clocks.venue - b.maxBehindMs) return 'time-behind';
  return null;
}

/** Per-pair price reference: the last accepted price and a streak of agreeing out-of-band prices. */
export interface PriceRef {
  readonly last: number | null;
  readonly streakPrice: number | null;
  readonly streakCount: number;
  /** Consecutive trades (prices in band) below the lot margin; absent = 0. */
  readonly lotMisses?: number;
  /** The pair's lot size was shown wrong by its own trades: the amount check is off for it. */
  readonly lotDistrusted?: boolean;
}

export const EMPTY_PRICE_REF: PriceRef = { last: null, streakPrice: null, streakCount: 0 };

/** True when `p` is within `pct` percent of `ref` on a ratio scale (symmetric up and down). */
export function withinBand(p: number, ref: number, pct: number): boolean {
  if (!(p > 0) || !(ref > 0)) return false;
  const limit = 1 + pct / 100;
  return p / ref <= limit && ref / p <= limit;
}

/**
 * Price against the references (the last accepted price and the mark): in band of either one
 * is accepted. A market that really moved beyond the band is re-based once `priceRebaseTicks`
 * consecutive out-of-band prices agree with each other, so the guard cannot lock a pair out.
 */
export function screenPrice(state: PriceRef, price: number, mark: number | null, b: SanityBands): { state: PriceRef; ok: boolean } {
  const accepted = { state: { last: price, streakPrice: null, streakCount: 0 }, ok: true };
  const refs = [state.last, mark].filter((r): r is number => r !== null && r > 0);
  if (!(price > 0) || !Number.isFinite(price)) return { state, ok: false };
  if (refs.length === 0 || refs.some((r) => withinBand(price, r, b.priceBandPct))) return accepted;
  if (state.streakPrice !== null && withinBand(price, state.streakPrice, b.priceBandPct)) {
    const count = state.streakCount + 1;
    return count >= b.priceRebaseTicks ? accepted : { state: { ...state, streakCount: count }, ok: false };
  }
  return { state: { last: state.last, streakPrice: price, streakCount: 1 }, ok: false };
}

/** An amount below this fraction of the pair's lot size is not a trade. */
export const LOT_MARGIN = 1e-3;
/**
 * A lot worth more than this (lot size x price, USD) is not a lot but a bad `/info` value:
 * the venue's minimum order is 10 USD (docs/pacifica-api.md, /info) and one lot is a fraction
 * of it in every market. Against such a lot the amount check is not made.
 */
export const MAX_LOT_USD = 100_000;

/** What a tick is checked against, besides its pair's price reference. */
export interface TickContext {
  readonly clocks: Clocks;
  readonly mark: number | null;
  /** The pair's lot size (amounts are whole lots); null when unknown. */
  readonly lotSize: number | null;
}

/** Reducer over one tick: the next price reference and why the tick is quarantined (null = clean). */
export function screenTick(state: PriceRef, tick: Tick, ctx: TickContext, b: SanityBands): { state: PriceRef; reason: QuarantineReason | null } {
  const time = checkTime(tick.time, ctx.clocks, b);
  if (time !== null) return { state, reason: time };
  const price = screenPrice(state, tick.price, ctx.mark, b);
  // The price check knows nothing of the lot: what the pair's trades showed about it stays.
  if (!price.ok) return { state: state.lotMisses || state.lotDistrusted ? { ...price.state, lotMisses: state.lotMisses, lotDistrusted: state.lotDistrusted } : price.state, reason: 'price' };
  const lot = screenAmount(state, tick, ctx.lotSize, b);
  const next = lot.misses === 0 && !lot.distrusted ? price.state : { ...price.state, lotMisses: lot.misses, lotDistrusted: lot.distrusted };
  if (!lot.ok) return { state: next, reason: 'amount-below-lot' };
  if (!(tick.price * tick.volume <= b.maxNotionalUsd)) return { state: next, reason: 'notional' };
  return { state: next, reason: null };
}

/**
 * Amounts are whole lots. The margin keeps a stale lot size (the seeded one, when /info could
 * not be read at start) from quarantining real trades; 1e-30 is still far below it. A lot
 * size that cannot be right never quarantines a pair's normal trades: one worth more than
 * MAX_LOT_USD at the trade's price is not checked against, and once `priceRebaseTicks`
 * trades in a row (prices in band) fall below it, the pair's lot size is distrusted.
 */
function screenAmount(state: PriceRef, tick: Tick, lotSize: number | null, b: SanityBands): { ok: boolean; misses: number; distrusted: boolean } {
  const distrusted = state.lotDistrusted === true;
  const checked = lotSize !== null && !distrusted && lotSize * tick.price <= MAX_LOT_USD;
  if (!checked || tick.volume >= lotSize * LOT_MARGIN) return { ok: true, misses: 0, distrusted };
  const misses = (state.lotMisses ?? 0) + 1;
  return misses >= b.priceRebaseTicks ? { ok: true, misses: 0, distrusted: true } : { ok: false, misses, distrusted };
}

/**
 * Book levels out of band are dropped: a price outside the band of the reference (the mark,
 * else the last price) or a level worth more than the notional cap. A level at 1e29 would
 * otherwise set the mid and make a whale worth 1e34 USD.
 */
export function screenBook(book: BookSnapshot, ref: number | null, b: SanityBands): { book: BookSnapshot; dropped: number } {
  const ok = (l: BookLevel): boolean => (ref === null ? l.price > 0 : withinBand(l.price, ref, b.priceBandPct)) && l.price * l.amount <= b.maxNotionalUsd;
  const bids = book.bids.filter(ok);
  const asks = book.asks.filter(ok);
  const dropped = book.bids.length + book.asks.length - bids.length - asks.length;
  return dropped === 0 ? { book, dropped } : { book: { ...book, bids, asks }, dropped };
}
