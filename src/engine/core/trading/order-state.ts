/**
 * The order state machine. An order is recorded `pending` before it is sent (so a crash
 * can never duplicate it), `submitted` once sent, `open` when the venue rests it, then
 * ends `filled`, `cancelled`, `rejected` or `expired`. Illegal moves are bugs and throw.
 */
import type { OrderStatus, OrderView } from '../spine/engine-state.js';
import { assertNonNegative, assertPositive } from '../guards.js';

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];

const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // A pending order may be resolved straight to any outcome after a restart.
  pending: ['submitted', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'],
  submitted: ['open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'],
  open: ['partially_filled', 'filled', 'cancelled', 'expired'],
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'expired'],
  filled: [],
  cancelled: [],
  rejected: [],
  expired: [],
};

export const isTerminal = (s: OrderStatus): boolean => TERMINAL_STATUSES.includes(s);

/** True when `from -> to` is a legal move (staying in the same status is always legal). */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** The order after moving to `to`; throws on an illegal move. */
export function moveOrder(o: OrderView, to: OrderStatus, at: number, reason?: string | null): OrderView {
  if (!canMove(o.status, to)) throw new RangeError(`order ${o.clientOrderId}: illegal move ${o.status} -> ${to}`);
  return { ...o, status: to, updatedAt: at, reason: reason === undefined ? o.reason : reason };
}

/**
 * Apply a cumulative fill report (`filled` tokens in total at `avgPrice`): the status
 * becomes partially_filled or filled. Reports that do not add anything return the order unchanged.
 */
export function applyFillReport(o: OrderView, filled: number, avgPrice: number, at: number): OrderView {
  assertNonNegative(filled, 'filled');
  if (filled <= o.filled) return o;
  assertPositive(avgPrice, 'avgPrice');
  const status: OrderStatus = filled >= o.amount - 1e-12 ? 'filled' : 'partially_filled';
  return { ...moveOrder(o, status, at), filled: Math.min(filled, o.amount), avgFillPrice: avgPrice };
}

/** The part of a cumulative report that is new: amount and its own price. */
export function fillDelta(before: { filled: number; avgFillPrice: number | null }, filled: number, avgPrice: number): { amount: number; price: number } | null {
  const amount = filled - before.filled;
  if (amount <= 1e-12) return null;
  const prevNotional = before.filled * (before.avgFillPrice ?? 0);
  const price = (filled * avgPrice - prevNotional) / amount;
  return { amount, price: price > 0 ? price : avgPrice };
}
