/**
 * Intrabar exits for the backtest. A candle only tells us its open, high, low and close,
 * not the path between them, so when one candle touches both the protective stop and the
 * take-profit we assume the stop came first: the pessimistic reading, because a backtest
 * that guesses in the strategy's favour is how a 14.6 % win rate hides until live trading.
 *
 * Trigger prices: a stop fills at its level, or at the open when the candle opened beyond
 * it (a gap through a stop gets no better price than the market gave). A take-profit fills
 * at its level, never better, even after a gap in our favour.
 */
import type { Candle } from './types.js';
import type { StrategyPosition } from './strategy.js';
import type { ExitReason } from './backtest-types.js';

export interface IntrabarExit {
  /** Trigger price before slippage. */
  readonly price: number;
  readonly reason: Extract<ExitReason, 'stop-loss' | 'take-profit' | 'trailing-stop'>;
}

type Bar = Pick<Candle, 'open' | 'high' | 'low'>;

/** The protective stop the price reaches first: the tighter of stop-loss and trailing stop. */
function protectiveStop(pos: StrategyPosition): { level: number; reason: 'stop-loss' | 'trailing-stop' } | null {
  const { stopLoss: sl, trailingStop: ts } = pos;
  if (ts === null) return sl === null ? null : { level: sl, reason: 'stop-loss' };
  if (sl === null) return { level: ts, reason: 'trailing-stop' };
  const trailingTighter = pos.side === 'long' ? ts >= sl : ts <= sl;
  return trailingTighter ? { level: ts, reason: 'trailing-stop' } : { level: sl, reason: 'stop-loss' };
}

/** The exit `bar` triggers for a position opened before it, or null when it stays open. */
export function intrabarExit(pos: StrategyPosition, bar: Bar): IntrabarExit | null {
  const long = pos.side === 'long';
  const stop = protectiveStop(pos);
  if (stop !== null && (long ? bar.low <= stop.level : bar.high >= stop.level)) {
    const price = long ? Math.min(bar.open, stop.level) : Math.max(bar.open, stop.level);
    return { price, reason: stop.reason };
  }
  const tp = pos.takeProfit;
  if (tp !== null && (long ? bar.high >= tp : bar.low <= tp)) return { price: tp, reason: 'take-profit' };
  return null;
}
