/**
 * Numbers in the state are for reading, not for accounting: the database keeps every value
 * in full. Digits beyond what a screen shows cost bytes on every attached socket, and a patch
 * each time they flicker, so measured ratios and scores are rounded where they enter the state.
 */
import type { WhaleActivity } from '../types.js';

/** `x` to `decimals` places. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Decimals a price is shown with (the console's fmtPrice): fewer as the price grows, about 5-6 significant digits. */
export function priceDecimals(p: number): number {
  const abs = Math.abs(p);
  return abs >= 10_000 ? 0 : abs >= 1_000 ? 1 : abs >= 100 ? 2 : abs >= 1 ? 3 : abs >= 0.01 ? 5 : 6;
}

/**
 * A price as the state's charts carry it (sparkline and chart closes, signal marks): to the
 * digits the console shows, so 48 closes of 34 pairs stay a few KB (docs/spine.md: size).
 * Prices that are read one at a time (last, mark, entry, PnL) stay exact.
 */
export function priceForChart(p: number): number {
  return Number.isFinite(p) ? roundTo(p, priceDecimals(p)) : p;
}

/** A whale as the state lists it: confidence to 0.001, its value to the cent. */
export function whaleForState(w: WhaleActivity): WhaleActivity {
  return { ...w, confidence: roundTo(w.confidence, 3), totalValueUsd: roundTo(w.totalValueUsd, 2) };
}
