/**
 * Paper fills for the backtest (priced by the shared trading/fills.ts): every order is a taker order, so the price moves
 * `slippageBps` against us and `takerFee` of the notional is paid, on entry and on exit.
 * Stops and take-profits get the same treatment: on the venue they trigger market
 * orders, and a backtest that gives them free fills flatters the strategy.
 */
import type { OrderIntent, PositionSide, StrategyPosition } from './strategy.js';
import type { BacktestTrade, ExitReason, FillModel } from './backtest-types.js';
import { assertPositive, stepDecimals } from './guards.js';
import { slipped, takerFee } from './trading/fills.js';

/** The shared fill model (trading/fills.ts): the paper broker prices taker fills the same way. */
export { slipped };

/** A simulated open position: what the strategy sees plus what the trade record needs. */
export interface SimPosition extends StrategyPosition {
  readonly id: number;
  readonly entryTime: number;
  /** Size at entry; a partial close pays this share of the entry fee. */
  readonly initialSize: number;
  /** Entry fee paid for initialSize (USD). */
  readonly entryFee: number;
  readonly entryReason: string;
}

const entryAction = (side: PositionSide): 'buy' | 'sell' => (side === 'long' ? 'buy' : 'sell');
const exitAction = (side: PositionSide): 'buy' | 'sell' => (side === 'long' ? 'sell' : 'buy');

/** Fill an `open` intent at its decision price; SL/TP stay where the strategy put them. */
export function openPosition(
  intent: Extract<OrderIntent, { type: 'open' }>,
  time: number,
  id: number,
  entryReason: string,
  fill: FillModel,
): SimPosition {
  assertPositive(intent.size, 'intent.size');
  const entryPrice = slipped(intent.price, entryAction(intent.side), fill.slippageBps);
  return {
    id,
    symbol: intent.symbol,
    side: intent.side,
    size: intent.size,
    initialSize: intent.size,
    entryPrice,
    entryTime: time,
    entryFee: takerFee(intent.size, entryPrice, fill),
    entryReason,
    stopLoss: intent.stopLoss,
    takeProfit: intent.takeProfit,
    trailingStop: null,
    partialTaken: false,
  };
}

export interface ClosedPart {
  readonly trade: BacktestTrade;
  /** What stays open (null when all of it was closed). */
  readonly rest: SimPosition | null;
  /** Exit fee paid by this fill (the entry fee was paid at entry). */
  readonly exitFee: number;
}

/** Close `size` tokens of `pos` at `price` (before slippage). The rest keeps the lot grid. */
export function closePart(
  pos: SimPosition,
  size: number,
  price: number,
  time: number,
  reason: ExitReason,
  fill: FillModel,
  lotSize: number,
): ClosedPart {
  assertPositive(size, 'size');
  const closed = Math.min(size, pos.size);
  const exitPrice = slipped(price, exitAction(pos.side), fill.slippageBps);
  const dir = pos.side === 'long' ? 1 : -1;
  const exitFee = takerFee(closed, exitPrice, fill);
  const fees = (pos.entryFee * closed) / pos.initialSize + exitFee;
  const grossPnl = dir * (exitPrice - pos.entryPrice) * closed;
  const left = Number((pos.size - closed).toFixed(stepDecimals(lotSize)));
  const trade: BacktestTrade = {
    positionId: pos.id,
    symbol: pos.symbol,
    side: pos.side,
    entryTime: pos.entryTime,
    entryPrice: pos.entryPrice,
    exitTime: time,
    exitPrice,
    size: closed,
    fees,
    grossPnl,
    pnl: grossPnl - fees,
    exitReason: reason,
    entryReason: pos.entryReason,
  };
  return { trade, rest: left > 0 ? { ...pos, size: left } : null, exitFee };
}
