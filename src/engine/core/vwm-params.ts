/**
 * VWM parameters. Field names map 1:1 to the seed's env names (VWM_MOMENTUM_THRESHOLD
 * -> momentumThreshold ...); defaults are the seed's values (seed 000, "Hackathon Demo
 * Mode"), or pacifica-api.md §4.5 for keys the seed does not set.
 */
import type { Timeframe } from './types.js';
import { assertNonNegative, assertPositive } from './guards.js';
import { assertTimeframe } from './buckets.js';

export interface VwmParams {
  /** Entry threshold on |momentum| (0.0005 = 0.05 %). */
  readonly momentumThreshold: number;
  /** Exit: a long closes when momentum < exitThreshold, a short when > −exitThreshold. */
  readonly exitThreshold: number;
  /** Minimum volume ratio (current / mean) to enter. */
  readonly volumeMultiplier: number;
  /** Candles in the VWAP and mean-volume window. */
  readonly lookbackPeriod: number;
  readonly basePositionPct: number;
  readonly maxPositionPct: number;
  readonly timeframe: Timeframe;
  readonly atrPeriod: number;
  readonly stopLossAtrMultiplier: number;
  readonly takeProfitAtrMultiplier: number;
  /** strength = min(1, |momentum| / (strengthScale × momentumThreshold)). */
  readonly strengthScale: number;
  /** Floor on the elapsed fraction of the forming candle when scaling its volume. */
  readonly minElapsedFraction: number;
  readonly trailingActivationAtr: number;
  readonly trailingDistanceAtr: number;
  readonly partialTakeProfitAtr: number;
  /** Share of the position closed at the partial take-profit (0..1). */
  readonly partialFraction: number;
  /** No side above this share (%) of open exposure. */
  readonly directionCapPct: number;
}

export const DEFAULT_VWM_PARAMS: VwmParams = {
  momentumThreshold: 0.0005,
  exitThreshold: 0.0003,
  volumeMultiplier: 1.0,
  lookbackPeriod: 20,
  basePositionPct: 5,
  maxPositionPct: 15,
  timeframe: '15m',
  atrPeriod: 14,
  stopLossAtrMultiplier: 2.0,
  takeProfitAtrMultiplier: 4.0,
  strengthScale: 3,
  minElapsedFraction: 0.1,
  trailingActivationAtr: 2,
  trailingDistanceAtr: 1.5,
  partialTakeProfitAtr: 2,
  partialFraction: 0.5,
  directionCapPct: 70,
};

/** Env name of each field, for the config schema and error messages. */
export const VWM_ENV_NAMES: Readonly<Record<keyof VwmParams, string>> = {
  momentumThreshold: 'VWM_MOMENTUM_THRESHOLD',
  exitThreshold: 'VWM_EXIT_THRESHOLD',
  volumeMultiplier: 'VWM_VOLUME_MULTIPLIER',
  lookbackPeriod: 'VWM_LOOKBACK_PERIOD',
  basePositionPct: 'VWM_BASE_POSITION_PCT',
  maxPositionPct: 'VWM_MAX_POSITION_PCT',
  timeframe: 'VWM_TIMEFRAME',
  atrPeriod: 'VWM_ATR_PERIOD',
  stopLossAtrMultiplier: 'VWM_STOP_LOSS_ATR_MULTIPLIER',
  takeProfitAtrMultiplier: 'VWM_TAKE_PROFIT_ATR_MULTIPLIER',
  strengthScale: 'VWM_STRENGTH_SCALE',
  minElapsedFraction: 'VWM_MIN_ELAPSED_FRACTION',
  trailingActivationAtr: 'VWM_TRAILING_ACTIVATION_ATR',
  trailingDistanceAtr: 'VWM_TRAILING_DISTANCE_ATR',
  partialTakeProfitAtr: 'VWM_PARTIAL_TAKE_PROFIT_ATR',
  partialFraction: 'VWM_PARTIAL_FRACTION',
  directionCapPct: 'VWM_DIRECTION_CAP_PCT',
};

/** Defaults merged with overrides; throws a RangeError naming the env key on a bad value. */
export function vwmParams(over: Partial<VwmParams> = {}): VwmParams {
  const p = { ...DEFAULT_VWM_PARAMS, ...over };
  const name = (k: keyof VwmParams): string => VWM_ENV_NAMES[k];
  assertTimeframe(p.timeframe);
  for (const k of ['momentumThreshold', 'strengthScale', 'atrPeriod', 'lookbackPeriod', 'minElapsedFraction'] as const) {
    assertPositive(p[k], name(k));
  }
  for (const k of ['exitThreshold', 'volumeMultiplier', 'basePositionPct', 'stopLossAtrMultiplier', 'takeProfitAtrMultiplier',
    'trailingActivationAtr', 'trailingDistanceAtr', 'partialTakeProfitAtr', 'partialFraction', 'directionCapPct'] as const) {
    assertNonNegative(p[k], name(k));
  }
  if (!Number.isInteger(p.lookbackPeriod)) throw new RangeError(`${name('lookbackPeriod')} must be an integer`);
  if (!Number.isInteger(p.atrPeriod)) throw new RangeError(`${name('atrPeriod')} must be an integer`);
  if (p.maxPositionPct < p.basePositionPct) throw new RangeError(`${name('maxPositionPct')} must be >= ${name('basePositionPct')}`);
  if (p.maxPositionPct > 100 || p.partialFraction > 1 || p.minElapsedFraction > 1 || p.directionCapPct > 100) {
    throw new RangeError('a percentage or fraction parameter is out of range');
  }
  return p;
}

/** Closed candles VWM needs: the lookback, and atrPeriod + 1 for ATR. */
export const vwmRequiredCandles = (p: VwmParams): number => Math.max(p.lookbackPeriod, p.atrPeriod + 1);
