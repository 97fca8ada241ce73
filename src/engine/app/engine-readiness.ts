/** Warm-up readiness of every active pair, from the candle service on the candle clock. */
import { readiness, type Readiness } from '../core/readiness.js';
import type { Pair, Timeframe } from '../core/types.js';
import type { CandleService } from './candle-service.js';

export interface PairReadiness extends Readiness {
  readonly symbol: string;
}

export function pairReadiness(pairs: readonly Pair[], candles: CandleService, tf: Timeframe, required: number, now: number): PairReadiness[] {
  return pairs.filter((p) => p.isActive).map((p) => ({ symbol: p.symbol, ...readiness(candles.closed(p.symbol, tf), tf, required, now) }));
}
