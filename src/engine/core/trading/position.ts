/**
 * Positions per (strategy, symbol): fills move them, the mark prices them and funding
 * accrues on them. Realized PnL is the price gain of closed amounts (fees and funding
 * are kept apart, so each can be read on its own); equity effects sum all three.
 */
import type { PositionView, TradingMode } from '../spine/engine-state.js';
import { assertFinite, assertNonNegative, assertPositive, cleanAmount } from '../guards.js';
import type { FillAction } from './fills.js';

/** A position as the order manager keeps it: the view plus what position management needs. */
export interface BookPosition extends PositionView {
  /** True once the partial take-profit was taken. */
  readonly partialTaken: boolean;
}

export interface PositionFill {
  readonly strategyId: string;
  readonly symbol: string;
  readonly action: FillAction;
  readonly amount: number;
  readonly price: number;
  readonly fee: number;
  readonly at: number;
  readonly mode: TradingMode;
  /** Stops set by the opening intent (kept while the position lives). */
  readonly stopLoss?: number | null;
  readonly takeProfit?: number | null;
  readonly external?: boolean;
}

export interface FillOutcome {
  /** The position after the fill; null when it went flat. */
  readonly position: BookPosition | null;
  /** Price PnL realized by this fill (fees excluded). */
  readonly realized: number;
  /** The position as it was just before going flat (for the closed event). */
  readonly closed: BookPosition | null;
}

const dirOf = (p: Pick<PositionView, 'side'>): number => (p.side === 'long' ? 1 : -1);
const EPS = 1e-9;

function opened(f: PositionFill, amount: number): BookPosition {
  return {
    symbol: f.symbol, strategyId: f.strategyId, side: f.action === 'buy' ? 'long' : 'short', amount, entryPrice: f.price,
    markPrice: f.price, unrealizedPnl: 0, realizedPnl: 0, fees: f.fee, funding: 0,
    stopLoss: f.stopLoss ?? null, takeProfit: f.takeProfit ?? null, trailingStop: null,
    openedAt: f.at, mode: f.mode, external: f.external ?? false, partialTaken: false,
  };
}


/** Apply one fill to a position (or to none): grow, reduce, close or flip. */
export function applyFill(pos: BookPosition | null, f: PositionFill): FillOutcome {
  assertPositive(f.amount, 'fill.amount');
  assertPositive(f.price, 'fill.price');
  assertNonNegative(f.fee, 'fill.fee');
  if (!pos) return { position: opened(f, f.amount), realized: 0, closed: null };
  const sameWay = (pos.side === 'long') === (f.action === 'buy');
  if (sameWay) {
    const amount = cleanAmount(pos.amount + f.amount);
    const entryPrice = (pos.entryPrice * pos.amount + f.price * f.amount) / amount;
    return { position: markPosition({ ...pos, amount, entryPrice, fees: pos.fees + f.fee }, f.price), realized: 0, closed: null };
  }
  const closedAmount = Math.min(pos.amount, f.amount);
  const realized = dirOf(pos) * (f.price - pos.entryPrice) * closedAmount;
  const left = cleanAmount(pos.amount - closedAmount);
  const feeOnClose = (f.fee * closedAmount) / f.amount;
  const after: BookPosition = { ...pos, amount: left, realizedPnl: pos.realizedPnl + realized, fees: pos.fees + feeOnClose };
  if (left > EPS) return { position: markPosition(after, f.price), realized, closed: null };
  const closed = markPosition({ ...after, amount: 0 }, f.price);
  const rest = cleanAmount(f.amount - closedAmount);
  if (rest <= EPS) return { position: null, realized, closed };
  return { position: opened({ ...f, fee: f.fee - feeOnClose }, rest), realized, closed };
}

/** Price the position at `mark`: unrealized PnL = direction x (mark - entry) x amount. */
export function markPosition(pos: BookPosition, mark: number): BookPosition {
  assertPositive(mark, 'mark');
  return { ...pos, markPrice: mark, unrealizedPnl: dirOf(pos) * (mark - pos.entryPrice) * pos.amount };
}

/**
 * Funding for one interval at `rate` (fraction of notional at `mark`): longs pay a
 * positive rate, shorts receive it. Returns the payment (negative = paid) and the position.
 */
export function accrueFunding(pos: BookPosition, rate: number, mark: number): { position: BookPosition; payment: number } {
  assertFinite(rate, 'rate');
  assertPositive(mark, 'mark');
  const payment = -dirOf(pos) * rate * pos.amount * mark;
  return { position: { ...pos, funding: pos.funding + payment }, payment };
}

/** Open notional per side at the mark (entry when no mark), for the direction cap. */
export function exposureOf(positions: readonly PositionView[]): { longUsd: number; shortUsd: number } {
  let longUsd = 0;
  let shortUsd = 0;
  for (const p of positions) {
    const usd = p.amount * (p.markPrice ?? p.entryPrice);
    if (p.side === 'long') longUsd += usd;
    else shortUsd += usd;
  }
  return { longUsd, shortUsd };
}

/** Net PnL of a position so far: realized + unrealized + funding - fees. */
export const netPnl = (p: PositionView): number => p.realizedPnl + p.unrealizedPnl + p.funding - p.fees;
