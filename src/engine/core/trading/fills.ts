/**
 * One fee and slippage model for every simulated fill: the backtester (candles, no book)
 * and the paper broker (the live book) price a taker fill with these functions, so a
 * backtest and a paper run over the same prices charge the same fee and the same
 * slippage. Pacifica market orders are taker orders with a slippage cap
 * (`slippage_percent`, docs.pacifica.fi create-market-order).
 */
import { assertNonNegative, assertPositive } from '../guards.js';

export type FillAction = 'buy' | 'sell';

/** Paper fill model (PAPER_TAKER_FEE, PAPER_SLIPPAGE_BPS). */
export interface FeeModel {
  /** Fraction of notional charged on every taker fill (0.0004 = 4 bps). */
  readonly takerFee: number;
  /** Price moved against us on a fill priced without a book, in basis points. */
  readonly slippageBps: number;
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
  return { amount: amount - Math.max(0, left), notional };
}

export interface MarketFillInput {
  readonly action: FillAction;
  readonly amount: number;
  /** Reference price (mark or candle close): the slippage cap is measured from it. */
  readonly reference: number;
  readonly model: FeeModel;
  /** The side of the book this order takes, best first; absent = price from `reference`. */
  readonly levels?: readonly Level[];
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
  const walked = walkLevels(i.levels, i.amount, i.action, limit);
  if (walked.amount <= 0) return null;
  const price = walked.notional / walked.amount;
  return { amount: walked.amount, price, fee: takerFee(walked.amount, price, i.model) };
}
