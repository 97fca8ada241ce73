/**
 * The trading-state gate, enforced where orders leave (not only in the strategy):
 * ACTIVE lets everything through; REDUCING only exits and reduce-only orders; HALTED only
 * cancels and the kill switch's reduce-only closes; RESTORING (start-up) like HALTED.
 */
import type { TradingStateName } from '../spine/engine-state.js';

/** Why an order is sent. */
export type OrderPurpose = 'entry' | 'exit' | 'cancel' | 'kill-switch';

/** Null when allowed, else the reason it is refused. */
export function gateOrder(state: TradingStateName, purpose: OrderPurpose, reduceOnly: boolean): string | null {
  if (purpose === 'cancel') return null;
  if (state === 'ACTIVE') return purpose === 'kill-switch' && !reduceOnly ? 'kill switch orders must be reduce-only' : null;
  if (state === 'REDUCING') {
    if (purpose === 'entry' && !reduceOnly) return 'trading is REDUCING: entries are paused (exits and reduce-only orders only)';
    return null;
  }
  if (purpose === 'kill-switch' && reduceOnly) return null;
  if (state === 'RESTORING') return 'trading is RESTORING (start-up): only cancels and the kill switch reduce-only closes until the saved state is read';
  return 'trading is HALTED: only cancels and the kill switch reduce-only closes are allowed';
}
