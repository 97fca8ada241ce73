/**
 * Volume-Weighted Momentum (pacifica-api.md §4.5), pure.
 *
 * - VWAP over the last lookbackPeriod closed candles = Σ(close·volume)/Σvolume (see
 *   indicators.ts for why close and not the candle vwap).
 * - momentum = (price − VWAP) / VWAP, price = latest mark (or last trade).
 * - volume ratio = forming volume / max(elapsedFraction, minElapsedFraction) / mean
 *   lookback volume. The forming candle is scaled to a full bucket so a ratio means the
 *   same at minute 2 and minute 14; the 0.1 floor stops the first seconds of a bucket
 *   (a handful of trades × 100) from faking a volume burst. No forming candle = 0.
 * - Entry only without a position: long when momentum > threshold and ratio >=
 *   multiplier, short when momentum < −threshold likewise. Exit a long when momentum <
 *   exitThreshold, a short when momentum > −exitThreshold.
 * - Size from strength (sizing.ts), floored to the lot; the notional must reach the
 *   pair's minimum order (a USD notional, see Pair.minOrderSize); then the direction cap.
 */
import type { SignalDecision } from './types.js';
import type { Strategy, StrategyInput, StrategyNumbers, StrategyResult } from './strategy.js';
import { EMPTY_NUMBERS } from './strategy.js';
import { vwmParams, vwmRequiredCandles, type VwmParams } from './vwm-params.js';
import { assertFinite, assertNonNegative, assertPositive } from './guards.js';
import { bucketStart, timeframeMs } from './buckets.js';
import { readiness, readinessReason } from './readiness.js';
import { atr, meanVolume, windowVwap } from './indicators.js';
import { directionCapBlock, momentumStrength, positionSize } from './sizing.js';
import { initialStops } from './position-management.js';

/** Format a small ratio with at least 4 decimals and one significant digit ("0.0002"). */
export const fmtSmall = (x: number): string =>
  x === 0 ? '0' : x.toFixed(Math.min(12, Math.max(4, -Math.floor(Math.log10(Math.abs(x))))));

const hold = (reason: string, numbers: StrategyNumbers = EMPTY_NUMBERS): StrategyResult => ({ decision: 'hold', reason, numbers });

/** A VWM strategy with the given parameters (validated now). */
export function createVwmStrategy(over: Partial<VwmParams> = {}, id = 'vwm_momentum_1'): Strategy {
  const p = vwmParams(over);
  return { id, timeframe: p.timeframe, requiredCandles: vwmRequiredCandles(p), evaluate: (input) => evaluateVwm(input, p) };
}

/** Forming volume scaled to a full bucket, over the mean lookback volume. */
export function volumeRatio(input: StrategyInput, meanVol: number, p: VwmParams): number {
  const start = bucketStart(input.now, p.timeframe);
  const f = input.forming;
  const vol = f !== undefined && f.time === start ? f.volume : 0;
  const elapsed = Math.min(1, (input.now - start) / timeframeMs(p.timeframe));
  return vol / Math.max(elapsed, p.minElapsedFraction) / meanVol;
}

/** One evaluation; see the file comment for the rules. */
export function evaluateVwm(input: StrategyInput, p: VwmParams): StrategyResult {
  assertPositive(input.price, 'price');
  assertFinite(input.now, 'now');
  assertNonNegative(input.portfolioValue, 'portfolioValue');
  const ready = readiness(input.closed, p.timeframe, vwmRequiredCandles(p), input.now);
  const notReady = readinessReason(ready);
  if (notReady !== null) return hold(notReady, { ...EMPTY_NUMBERS, price: input.price });
  const window = input.closed.slice(-p.lookbackPeriod);
  const vwap = windowVwap(window);
  const meanVol = meanVolume(window);
  if (vwap === null || meanVol === null || meanVol === 0) {
    return hold(`no volume in the last ${p.lookbackPeriod} candles`, { ...EMPTY_NUMBERS, price: input.price });
  }
  const momentum = (input.price - vwap) / vwap;
  const numbers: StrategyNumbers = {
    ...EMPTY_NUMBERS,
    price: input.price,
    vwap,
    momentum,
    volumeRatio: volumeRatio(input, meanVol, p),
    strength: momentumStrength(momentum, p),
    atr: atr(input.closed.slice(-(p.atrPeriod + 1)), p.atrPeriod),
  };
  return input.position === null ? decideEntry(input, p, numbers) : decideExit(input, p, numbers);
}

function decideExit(input: StrategyInput, p: VwmParams, n: StrategyNumbers): StrategyResult {
  const pos = input.position;
  const m = n.momentum ?? 0;
  if (pos === null) return hold('no position', n);
  const exit = pos.side === 'long' ? m < p.exitThreshold : m > -p.exitThreshold;
  const bound = pos.side === 'long' ? fmtSmall(p.exitThreshold) : fmtSmall(-p.exitThreshold);
  if (!exit) return hold(`holding ${pos.side}: momentum ${fmtSmall(m)} ${pos.side === 'long' ? '>=' : '<='} exit ${bound}`, n);
  return {
    decision: 'exit',
    reason: `exit ${pos.side}: momentum ${fmtSmall(m)} ${pos.side === 'long' ? '<' : '>'} ${bound}`,
    numbers: n,
    orderIntent: { type: 'close', symbol: pos.symbol, side: pos.side, size: pos.size },
  };
}

function decideEntry(input: StrategyInput, p: VwmParams, n: StrategyNumbers): StrategyResult {
  const m = n.momentum ?? 0;
  const ratio = n.volumeRatio ?? 0;
  if (Math.abs(m) <= p.momentumThreshold) {
    return hold(`|momentum| ${fmtSmall(Math.abs(m))} ${Math.abs(m) < p.momentumThreshold ? '<' : '='} ${fmtSmall(p.momentumThreshold)}`, n);
  }
  if (ratio < p.volumeMultiplier) return hold(`volume ratio ${ratio.toFixed(2)} < ${p.volumeMultiplier.toFixed(2)}`, n);
  const side = m > 0 ? 'long' : 'short';
  const sizing = positionSize(input.portfolioValue, input.price, n.strength ?? 0, p, input.pair);
  const sized: StrategyNumbers = { ...n, size: sizing.size };
  if (sizing.size <= 0 || sizing.notional < input.pair.minOrderSize) {
    return hold(`size ${sizing.size} (${sizing.notional.toFixed(2)} USD) below minimum order ${input.pair.minOrderSize} USD`, sized);
  }
  const blocked = directionCapBlock(input.exposure, side, sizing.notional, p.directionCapPct);
  if (blocked !== null) return hold(blocked, sized);
  const stops = initialStops(side, input.price, n.atr ?? 0, p);
  const decision: SignalDecision = side;
  return {
    decision,
    reason: `${side}: momentum ${fmtSmall(m)} ${side === 'long' ? '>' : '<'} ${fmtSmall(side === 'long' ? p.momentumThreshold : -p.momentumThreshold)}, volume ratio ${ratio.toFixed(2)} >= ${p.volumeMultiplier.toFixed(2)}, strength ${(n.strength ?? 0).toFixed(2)}`,
    numbers: { ...sized, ...stops },
    orderIntent: { type: 'open', symbol: input.pair.symbol, side, size: sizing.size, price: input.price, ...stops },
  };
}
