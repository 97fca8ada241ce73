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

/** A whale as the state lists it: confidence to 0.001, its value to the cent. */
export function whaleForState(w: WhaleActivity): WhaleActivity {
  return { ...w, confidence: roundTo(w.confidence, 3), totalValueUsd: roundTo(w.totalValueUsd, 2) };
}
