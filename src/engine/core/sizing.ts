/**
 * Momentum strength, position size and the direction cap (pacifica-api.md §4.5 items
 * 6-7 and the 70 % direction limit).
 */
import type { Pair } from './types.js';
import type { Exposure, PositionSide } from './strategy.js';
import type { VwmParams } from './vwm-params.js';
import { assertFinite, assertNonNegative, assertPositive, floorToStep } from './guards.js';

/**
 * strength = min(1, |momentum| / (strengthScale × momentumThreshold)). Nexwave logged
 * a 0..1 strength but its formula is lost; with scale 3, a signal just over the entry
 * threshold sizes near base% and one three thresholds away sizes at max%.
 */
export function momentumStrength(momentum: number, p: Pick<VwmParams, 'strengthScale' | 'momentumThreshold'>): number {
  assertFinite(momentum, 'momentum');
  return Math.min(1, Math.abs(momentum) / (p.strengthScale * p.momentumThreshold));
}

export interface Sizing {
  /** Allocation in % of the portfolio: base + (max − base) × strength. */
  readonly pct: number;
  /** Tokens, floored to the lot size. */
  readonly size: number;
  /** size × price (USD). */
  readonly notional: number;
}

/** size = portfolio × pct / 100 / price, floored to the pair's lot size. */
export function positionSize(portfolioValue: number, price: number, strength: number, p: VwmParams, pair: Pair): Sizing {
  assertNonNegative(portfolioValue, 'portfolioValue');
  assertPositive(price, 'price');
  if (!(strength >= 0 && strength <= 1)) throw new RangeError(`strength must be in [0,1], got ${strength}`);
  const pct = p.basePositionPct + (p.maxPositionPct - p.basePositionPct) * strength;
  const size = floorToStep((portfolioValue * pct) / 100 / price, pair.lotSize);
  return { pct, size, notional: size * price };
}

/**
 * Direction cap: reject a new position when it would push its side above capPct of
 * open notional. With nothing open the rule is skipped: any first position is 100 % of
 * one side, and the rule exists to stop a one-sided book, not the first trade
 * (Nexwave's version counted positions; notional is closer to the risk it limits).
 * Returns the reason when blocked, else null.
 */
export function directionCapBlock(exposure: Exposure, side: PositionSide, notional: number, capPct: number): string | null {
  assertNonNegative(exposure.longUsd, 'exposure.longUsd');
  assertNonNegative(exposure.shortUsd, 'exposure.shortUsd');
  assertNonNegative(notional, 'notional');
  const open = exposure.longUsd + exposure.shortUsd;
  if (open === 0) return null;
  const sideUsd = (side === 'long' ? exposure.longUsd : exposure.shortUsd) + notional;
  const share = (sideUsd / (open + notional)) * 100;
  if (share <= capPct) return null;
  return `blocked by risk rule direction-cap (${side} ${Math.round(share)}% > ${capPct}%)`;
}
