/**
 * One fee and slippage model for every simulated fill: the backtester (candles, no book)
 * and the paper broker (the live book) price a taker fill with these functions, so a
 * backtest and a paper run over the same prices charge the same fee and the same
 * slippage. Pacifica market orders are taker orders with a slippage cap
 * (`slippage_percent`, docs.pacifica.fi create-market-order). A resting limit order that
 * a trade crosses later is a maker fill and pays the maker fee (pacifica-api.md §2.4
 * `/account` maker_fee/taker_fee, §2.3 `/info/fees`); a limit order that crosses the book
 * when it arrives takes liquidity and pays the taker fee like a market order.
 */
import { assertNonNegative, assertPositive, cleanAmount } from '../guards.js';

export type FillAction = 'buy' | 'sell';

/** Taker fill model (PAPER_TAKER_FEE, PAPER_SLIPPAGE_BPS), shared with the backtester. */
export interface FeeModel {
  /** Fraction of notional charged on every taker fill (0.0004 = 4 bps). */
  readonly takerFee: number;
  /** Price moved against us on a fill priced without a book, in basis points. */
  readonly slippageBps: number;
}

/** The paper venue's fees: resting (maker) fills pay `makerFee` (PAPER_MAKER_FEE). */
export interface MakerTakerFees extends FeeModel {
  /** Fraction of notional charged on a maker fill (0.00015 = 1.5 bps). */
  readonly makerFee: number;
}

/** One book level: price and amount in tokens. */
export interface Level {
  readonly price: number;
  readonly amount: number;
}

/** Buys pay more, sells receive less: price x (1 +/- bps / 10 000). */
export function slipped(price: number, action: FillAction, slippageBps: number): number {
  assertPositive(price, 'price');
  assertNonNegative(slippageBps, 'slippageBps');
  const f = slippageBps / 10_000;
  return action === 'buy' ? price * (1 + f) : price * (1 - f);
}

/** The taker fee of a fill (USD). */
export function takerFee(amount: number, price: number, model: FeeModel): number {
  return model.takerFee * assertNonNegative(amount, 'amount') * assertPositive(price, 'price');
}

/** The maker fee of a resting order's fill (USD). */
export function makerFee(amount: number, price: number, model: MakerTakerFees): number {
  return model.makerFee * assertNonNegative(amount, 'amount') * assertPositive(price, 'price');
}

export interface PricedFill {
  /** Tokens filled (less than asked when the book is thin or the cap is reached). */
  readonly amount: number;
  /** Volume-weighted price of the fill. */
  readonly price: number;
  readonly fee: number;
}

/**
 * Walk `levels` (best first: asks for a buy, bids for a sell) for `amount`, never past
 * `limit` (the slippage cap: a buy takes no level above it, a sell none below).
 */
export function walkLevels(levels: readonly Level[], amount: number, action: FillAction, limit: number): { amount: number; notional: number } {
  assertPositive(amount, 'amount');
  let left = amount;
  let notional = 0;
  for (const l of levels) {
    if (left <= 0) break;
    if (action === 'buy' ? l.price > limit : l.price < limit) break;
    const take = Math.min(left, l.amount);
    notional += take * l.price;
    left -= take;
  }
  if (left <= 0) return { amount, notional };
  // A partial fill is what the levels held: cleaned of binary noise (6768.1, not
  // 6768.099999999998), the notional scaled with it so the average price is unchanged.
  const raw = amount - left;
  const clean = Math.min(amount, cleanAmount(raw));
  return { amount: clean, notional: (notional * clean) / raw };
}

/** What any taker fill is priced from. */
interface TakerInput {
  readonly action: FillAction;
  readonly amount: number;
  readonly model: FeeModel;
  /** The side of the book this order takes, best first; absent = priced from a reference. */
  readonly levels?: readonly Level[];
}

export interface MarketFillInput extends TakerInput {
  /** Reference price (mark or candle close): the slippage cap is measured from it. */
  readonly reference: number;
  /** Largest move from `reference` accepted, percent (Pacifica's slippage_percent). */
  readonly slippageCapPct?: number;
}

/**
 * Price a market (taker) fill. With a book: the volume-weighted price of the levels it
 * walks, capped; without one: the reference moved by `slippageBps`. Null when nothing
 * can fill inside the cap.
 */
export function priceMarketFill(i: MarketFillInput): PricedFill | null {
  assertPositive(i.reference, 'reference');
  if (!i.levels || i.levels.length === 0) {
    const price = slipped(i.reference, i.action, i.model.slippageBps);
    return { amount: i.amount, price, fee: takerFee(i.amount, price, i.model) };
  }
  const cap = (i.slippageCapPct ?? 100) / 100;
  const limit = i.action === 'buy' ? i.reference * (1 + cap) : i.reference * (1 - cap);
  return takerWalk(i.levels, i.amount, i.action, limit, i.model);
}

/** A taker fill over `levels` up to `limit`: its volume-weighted price and fee; null when none. */
function takerWalk(levels: readonly Level[], amount: number, action: FillAction, limit: number, model: FeeModel): PricedFill | null {
  const walked = walkLevels(levels, amount, action, limit);
  if (walked.amount <= 0) return null;
  const price = walked.notional / walked.amount;
  return { amount: walked.amount, price, fee: takerFee(walked.amount, price, model) };
}

export interface CrossingLimitInput extends TakerInput {
  /** The order's limit price: nothing fills past it. */
  readonly limit: number;
  /** Without a book: the mark (or mid), taken with `slippageBps` like a market order. */
  readonly reference?: number;
}

/**
 * The part of a limit order that crosses the book on arrival: it takes liquidity, so it
 * fills now as a taker (volume-weighted over the levels inside its limit, taker fee); the
 * rest rests. Null when nothing crosses.
 */
export function priceCrossingLimit(i: CrossingLimitInput): PricedFill | null {
  assertPositive(i.limit, 'limit');
  if (i.levels && i.levels.length > 0) {
    return takerWalk(i.levels, i.amount, i.action, i.limit, i.model);
  }
  if (i.reference === undefined) return null;
  const crosses = i.action === 'buy' ? i.limit >= i.reference : i.limit <= i.reference;
  if (!crosses) return null;
  const moved = slipped(i.reference, i.action, i.model.slippageBps);
  const price = i.action === 'buy' ? Math.min(moved, i.limit) : Math.max(moved, i.limit);
  return { amount: i.amount, price, fee: takerFee(i.amount, price, i.model) };
}
