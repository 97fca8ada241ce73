/**
 * Which alerts the console rings the bell for and highlights: warnings and errors (feed
 * silent, database down), and, among the info ones, fills. The codes are the ones the
 * engine raises: order.filled (order manager), kill_switch (kill switch), trading.halted
 * (every change to HALTED, from the engine control).
 */
import type { AlertView } from '../engine/core/spine/engine-state.js';

const RING_CODES: ReadonlySet<string> = new Set(['order.filled', 'kill_switch', 'trading.halted']);

export function ringsBell(a: AlertView): boolean {
  return a.level !== 'info' || RING_CODES.has(a.code);
}

export const isFill = (a: AlertView): boolean => a.code === 'order.filled';
