/**
 * Strategy interface: one pure `evaluate` per pair and scan, so other
 * strategies can sit beside VWM. Every result carries a reason a trader can read and
 * the numbers behind it; the scanner writes both to `signals`.
 */
import type { Candle, Pair, SignalDecision, SignalRecord, Timeframe } from './types.js';

export type PositionSide = 'long' | 'short';

/** An open position as the strategy and position management see it. */
export interface StrategyPosition {
  readonly symbol: string;
  readonly side: PositionSide;
  /** Tokens. */
  readonly size: number;
  readonly entryPrice: number;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
  /** Null until the trailing stop activates. */
  readonly trailingStop: number | null;
  /** True once half was taken at +2 ATR. */
  readonly partialTaken: boolean;
}

/** Open notional (USD) per side across all positions, for the direction cap. */
export interface Exposure {
  readonly longUsd: number;
  readonly shortUsd: number;
}

export interface StrategyInput {
  readonly pair: Pair;
  /** Candle-clock time of the evaluation (ms). */
  readonly now: number;
  /** Latest mark price, or the last trade price when no mark is known. */
  readonly price: number;
  /** Closed candles of the strategy's timeframe, ascending (more than needed is fine). */
  readonly closed: readonly Candle[];
  /** The forming candle of the current bucket, if it has trades. */
  readonly forming: Candle | undefined;
  readonly position: StrategyPosition | null;
  readonly exposure: Exposure;
  readonly portfolioValue: number;
}

/** Numbers behind a decision (null when not computed): the signals row's numbers plus ATR. */
export type StrategyNumbers = Pick<
  SignalRecord,
  'price' | 'vwap' | 'momentum' | 'volumeRatio' | 'strength' | 'size' | 'stopLoss' | 'takeProfit'
> & { readonly atr: number | null };

/** What the order manager should do; absent on hold. */
export type OrderIntent =
  | {
      readonly type: 'open';
      readonly symbol: string;
      readonly side: PositionSide;
      readonly size: number;
      readonly price: number;
      readonly stopLoss: number;
      readonly takeProfit: number;
    }
  | { readonly type: 'close'; readonly symbol: string; readonly side: PositionSide; readonly size: number };

export interface StrategyResult {
  readonly decision: SignalDecision;
  /** e.g. "warming up 7/20", "volume ratio 0.40 < 1.00". */
  readonly reason: string;
  readonly numbers: StrategyNumbers;
  readonly orderIntent?: OrderIntent;
}

export interface Strategy {
  /** Stored as signals.strategy_id (the seed's STRATEGY_ID). */
  readonly id: string;
  readonly timeframe: Timeframe;
  /** Closed candles needed before it can decide (drives readiness and warm-up). */
  readonly requiredCandles: number;
  evaluate(input: StrategyInput): StrategyResult;
}

export const EMPTY_NUMBERS: StrategyNumbers = {
  price: null,
  vwap: null,
  momentum: null,
  volumeRatio: null,
  strength: null,
  size: null,
  stopLoss: null,
  takeProfit: null,
  atr: null,
};

/** The `signals` row for one evaluation. */
export function toSignalRecord(strategyId: string, time: number, symbol: string, r: StrategyResult): SignalRecord {
  const n = r.numbers;
  return {
    time,
    symbol,
    strategyId,
    decision: r.decision,
    reason: r.reason,
    price: n.price,
    vwap: n.vwap,
    momentum: n.momentum,
    volumeRatio: n.volumeRatio,
    strength: n.strength,
    size: n.size,
    stopLoss: n.stopLoss,
    takeProfit: n.takeProfit,
  };
}
