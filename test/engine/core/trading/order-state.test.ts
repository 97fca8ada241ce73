import { describe, expect, it } from 'vitest';
import type { OrderStatus, OrderView } from '../../../../src/engine/core/spine/engine-state.js';
import { applyFillReport, canMove, fillDelta, isTerminal, moveOrder } from '../../../../src/engine/core/trading/order-state.js';

const order = (status: OrderStatus, over: Partial<OrderView> = {}): OrderView => ({
  clientOrderId: 'c1', venueOrderId: null, strategyId: 's', symbol: 'BTC', side: 'buy', type: 'market', amount: 2, filled: 0, price: null,
  avgFillPrice: null, reduceOnly: false, status, mode: 'paper', reason: null, createdAt: 0, updatedAt: 0, ...over,
});

describe('order state machine', () => {
  it.each<[OrderStatus, OrderStatus, boolean]>([
    ['pending', 'submitted', true], ['pending', 'rejected', true], ['pending', 'filled', true],
    ['submitted', 'open', true], ['submitted', 'filled', true], ['submitted', 'pending', false],
    ['open', 'partially_filled', true], ['open', 'submitted', false], ['open', 'rejected', false],
    ['partially_filled', 'filled', true], ['partially_filled', 'cancelled', true], ['partially_filled', 'open', false],
    ['filled', 'cancelled', false], ['cancelled', 'filled', false], ['rejected', 'submitted', false], ['expired', 'open', false],
    ['filled', 'filled', true],
  ])('%s -> %s legal: %s', (from, to, ok) => {
    expect(canMove(from, to)).toBe(ok);
    if (ok) expect(moveOrder(order(from), to, 5).status).toBe(to);
    else expect(() => moveOrder(order(from), to, 5)).toThrow(/illegal move/);
  });

  it.each<[OrderStatus, boolean]>([['pending', false], ['submitted', false], ['open', false], ['partially_filled', false], ['filled', true], ['cancelled', true], ['rejected', true], ['expired', true]])(
    '%s terminal: %s', (s, t) => expect(isTerminal(s)).toBe(t));

  it('cumulative fill reports move to partially_filled then filled and ignore stale reports', () => {
    const a = applyFillReport(order('open'), 1, 100, 1);
    expect(a).toMatchObject({ status: 'partially_filled', filled: 1, avgFillPrice: 100 });
    const b = applyFillReport(a, 2, 101, 2);
    expect(b).toMatchObject({ status: 'filled', filled: 2, avgFillPrice: 101 });
    expect(applyFillReport(b, 1, 100, 3)).toBe(b);
  });

  it('fillDelta gives the new part at its own price', () => {
    expect(fillDelta({ filled: 1, avgFillPrice: 100 }, 2, 101)).toEqual({ amount: 1, price: 102 });
    expect(fillDelta({ filled: 2, avgFillPrice: 100 }, 2, 100)).toBeNull();
  });
});
