/**
 * Types of the backtest: the live strategy replayed over stored candles
 * with the paper fill model, so a trader sees the win rate before trading, not after.
 */
import type { Candle, Pair } from './types.js';
import type { PositionSide, Strategy } from './strategy.js';
import type { VwmParams } from './vwm-params.js';

/** Why a (part of a) position was closed. */
export type ExitReason = 'signal-exit' | 'stop-loss' | 'take-profit' | 'trailing-stop' | 'partial' | 'end-of-test';

export const EXIT_REASONS: readonly ExitReason[] = ['signal-exit', 'stop-loss', 'take-profit', 'trailing-stop', 'partial', 'end-of-test'];

/** Paper fill model (PAPER_TAKER_FEE, PAPER_SLIPPAGE_BPS): every fill is a taker fill. */
export interface FillModel {
  /** Fraction of notional charged on every fill, entry and exit (0.0004 = 4 bps). */
  readonly takerFee: number;
  /** Price moved against us on every fill, in basis points. */
  readonly slippageBps: number;
}

export interface BacktestInput {
  /** Candles of the strategy's timeframe per symbol, ascending; may start before `from` (warm-up). */
  readonly candles: ReadonlyMap<string, readonly Candle[]>;
  /** Lot size and minimum order of every symbol in `candles`. */
  readonly pairs: readonly Pair[];
  readonly strategy: Strategy;
  /** Position management parameters (stops, trailing, partial). */
  readonly params: VwmParams;
  readonly fill: FillModel;
  /** Starting equity, and the portfolio value the strategy sizes from (fixed, as live). */
  readonly portfolioValue: number;
  /** Candles whose bucket starts in [from, to) are traded; earlier ones are history only. */
  readonly from: number;
  readonly to: number;
}

/** One closing fill: a whole position, or the part taken at the partial take-profit. */
export interface BacktestTrade {
  /** Position number; a partial and the rest of the same position share it. */
  readonly positionId: number;
  readonly symbol: string;
  readonly side: PositionSide;
  /** Close (bucket end, ms) of the candle the entry was decided at. */
  readonly entryTime: number;
  /** Entry fill price (decision price with slippage). */
  readonly entryPrice: number;
  /** Close (bucket end, ms) of the candle the exit happened in. */
  readonly exitTime: number;
  /** Exit fill price (trigger or decision price with slippage). */
  readonly exitPrice: number;
  /** Tokens closed by this fill. */
  readonly size: number;
  /** Entry fee share for this size plus the exit fee (USD). */
  readonly fees: number;
  /** Price PnL between the two fills, before fees (USD). */
  readonly grossPnl: number;
  /** grossPnl − fees (USD). */
  readonly pnl: number;
  readonly exitReason: ExitReason;
  /** The strategy's reason for the entry ("long: momentum 0.0010 > 0.0005, ..."). */
  readonly entryReason: string;
}

/** Equity after every replayed bucket: cash plus open positions marked at their last close. */
export interface EquityPoint {
  /** End of the bucket (ms). */
  readonly time: number;
  readonly equity: number;
  readonly openPositions: number;
}

export interface BacktestSummary {
  /** Closed positions (a partial and its remainder count once, with their summed PnL). */
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** wins / trades (0..1); null without trades. */
  readonly winRate: number | null;
  /** Closing fills, partials included. */
  readonly fills: number;
  readonly grossPnl: number;
  readonly fees: number;
  readonly netPnl: number;
  readonly maxDrawdownUsd: number;
  /** Largest fall from a peak, in % of that peak. */
  readonly maxDrawdownPct: number;
  readonly startEquity: number;
  readonly finalEquity: number;
  readonly returnPct: number;
  /** Σ winning net PnL / |Σ losing net PnL|; null when nothing lost. */
  readonly profitFactor: number | null;
  /** Share (%) of replayed buckets with at least one open position. */
  readonly exposurePct: number;
  /** Closing fills per exit reason. */
  readonly exits: Readonly<Record<ExitReason, number>>;
}

export interface BacktestResult {
  readonly trades: readonly BacktestTrade[];
  readonly summary: BacktestSummary;
  readonly equity: readonly EquityPoint[];
  /** Strategy evaluations run (one per traded candle). */
  readonly evaluations: number;
}
