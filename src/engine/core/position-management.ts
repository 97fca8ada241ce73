/**
 * Pure position management for an open position (pacifica-api.md §4.5 item 9):
 * ATR stop-loss and take-profit at entry, a trailing stop that activates at +2 ATR and
 * trails 1.5 ATR from the price, ratcheting only in the position's favour, and half
 * taken at +2 ATR. The app turns the intents into reduce-only orders and persists
 * `trailing_stop_price`.
 *
 * Note on the source's worked example (entry 100, ATR 5: "at 110 the stop goes to
 * 107.5, at 115 to 112.5"): its arithmetic does not match its own rule, since
 * 110 − 1.5·5 = 102.5. We implement the rule (price − 1.5·ATR); the example's numbers
 * come out with trailingDistanceAtr = 0.5, and the tests check both.
 */
import type { PositionSide, StrategyPosition } from './strategy.js';
import type { VwmParams } from './vwm-params.js';
import { assertNonNegative, assertPositive, floorToStep } from './guards.js';

export type PositionIntent =
  | { readonly type: 'close'; readonly symbol: string; readonly size: number; readonly reason: string }
  | { readonly type: 'partial_close'; readonly symbol: string; readonly size: number; readonly reason: string }
  | { readonly type: 'update_trailing'; readonly symbol: string; readonly stop: number; readonly reason: string };

/** SL/TP for a new position: entry ∓ slMult·ATR and entry ± tpMult·ATR. */
export function initialStops(
  side: PositionSide,
  entry: number,
  atr: number,
  p: Pick<VwmParams, 'stopLossAtrMultiplier' | 'takeProfitAtrMultiplier'>,
): { stopLoss: number; takeProfit: number } {
  assertPositive(entry, 'entry');
  assertNonNegative(atr, 'atr');
  const dir = side === 'long' ? 1 : -1;
  return { stopLoss: entry - dir * p.stopLossAtrMultiplier * atr, takeProfit: entry + dir * p.takeProfitAtrMultiplier * atr };
}

/** Did the price reach a stop on the losing side (long: at or below; short: at or above)? */
const crossedAgainst = (side: PositionSide, price: number, stop: number | null): boolean =>
  stop !== null && (side === 'long' ? price <= stop : price >= stop);

/**
 * Intents for an open position at `price` with the current ATR. An exit (trailing
 * stop, stop-loss, take-profit) returns a single close; otherwise a partial close
 * and/or a trailing update. `lotSize` floors the partial size to what the venue accepts.
 */
export function managePosition(pos: StrategyPosition, price: number, atr: number, p: VwmParams, lotSize?: number): PositionIntent[] {
  assertPositive(price, 'price');
  assertNonNegative(atr, 'atr');
  assertPositive(pos.size, 'position.size');
  const { side, symbol } = pos;
  const dir = side === 'long' ? 1 : -1;
  if (crossedAgainst(side, price, pos.trailingStop)) return [{ type: 'close', symbol, size: pos.size, reason: `trailing stop ${pos.trailingStop} hit at ${price}` }];
  if (crossedAgainst(side, price, pos.stopLoss)) return [{ type: 'close', symbol, size: pos.size, reason: `stop-loss ${pos.stopLoss} hit at ${price}` }];
  if (pos.takeProfit !== null && dir * (price - pos.takeProfit) >= 0) {
    return [{ type: 'close', symbol, size: pos.size, reason: `take-profit ${pos.takeProfit} hit at ${price}` }];
  }
  const move = dir * (price - pos.entryPrice);
  const intents: PositionIntent[] = [];
  if (atr > 0 && !pos.partialTaken && move >= p.partialTakeProfitAtr * atr) {
    const raw = pos.size * p.partialFraction;
    const size = lotSize === undefined ? raw : floorToStep(raw, lotSize);
    if (size > 0) intents.push({ type: 'partial_close', symbol, size, reason: `+${p.partialTakeProfitAtr} ATR reached: take ${p.partialFraction * 100}%` });
  }
  if (atr > 0 && move >= p.trailingActivationAtr * atr) {
    const stop = price - dir * p.trailingDistanceAtr * atr;
    const better = pos.trailingStop === null || dir * (stop - pos.trailingStop) > 0;
    if (better) intents.push({ type: 'update_trailing', symbol, stop, reason: `trail ${p.trailingDistanceAtr} ATR from ${price}` });
  }
  return intents;
}
