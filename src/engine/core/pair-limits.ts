/**
 * What a market must look like before it becomes a row of `pairs` (migrations/001_core.sql):
 * `symbol varchar(20)`, `max_leverage integer > 0`, sizes `double precision > 0`. A hostile or
 * buggy `/info` (max_leverage 1e12, a 29-character symbol) is checked field by field here, so
 * one bad entry is dropped with a reason instead of failing the upsert for every pair.
 */

/** `pairs.symbol` is varchar(20); every table keyed by symbol references it. */
export const MAX_SYMBOL_LENGTH = 20;
/** Venue symbols such as "BTC", "kBONK", "2Z". */
export const PAIR_SYMBOL = /^[A-Za-z0-9._-]{1,20}$/;
/** The venue lists 3x..50x; anything above this is not a leverage but a bug (the column is an integer). */
export const MAX_LEVERAGE = 1_000;
/** Order sizes (USD) beyond this are not market parameters. */
export const MAX_SIZE = 1e12;
/**
 * A tick or lot size beyond this is not one: a lot of a million units is far above any market's
 * minimum order of 10 USD (docs/pacifica-api.md, /info), and a price step of a million
 * dollars is no price step. The amount check also bounds a lot by its worth at the trade's
 * price (tick-sanity.ts MAX_LOT_USD).
 */
export const MAX_STEP = 1e6;

/** The /info fields checked here (MarketInfo in ports/market-rest.ts extends it). */
export interface MarketLimits {
  readonly symbol: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly maxLeverage: number;
  readonly minOrderSize: number;
  readonly maxOrderSize: number;
}

const positiveStep = (v: number): boolean => Number.isFinite(v) && v > 0 && v <= MAX_STEP;

/** Why this market cannot be stored as a pair (first problem found), or null when it can. */
export function marketProblem(m: MarketLimits): string | null {
  if (typeof m.symbol !== 'string' || !PAIR_SYMBOL.test(m.symbol)) return `symbol must match ${PAIR_SYMBOL.source} (at most ${MAX_SYMBOL_LENGTH} characters)`;
  if (!Number.isInteger(m.maxLeverage) || m.maxLeverage < 1 || m.maxLeverage > MAX_LEVERAGE) return `max_leverage must be an integer 1..${MAX_LEVERAGE}, got ${m.maxLeverage}`;
  if (!positiveStep(m.tickSize)) return `tick_size must be in (0, ${MAX_STEP}], got ${m.tickSize}`;
  if (!positiveStep(m.lotSize)) return `lot_size must be in (0, ${MAX_STEP}], got ${m.lotSize}`;
  if (!(Number.isFinite(m.minOrderSize) && m.minOrderSize >= 0 && m.minOrderSize <= MAX_SIZE)) return `min_order_size must be in [0, ${MAX_SIZE}], got ${m.minOrderSize}`;
  if (!(Number.isFinite(m.maxOrderSize) && m.maxOrderSize >= m.minOrderSize && m.maxOrderSize <= MAX_SIZE)) return `max_order_size must be in [min_order_size, ${MAX_SIZE}], got ${m.maxOrderSize}`;
  return null;
}
