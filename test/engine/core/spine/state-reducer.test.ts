import { describe, expect, it } from 'vitest';
import type { OrderView, PositionView } from '../../../../src/engine/core/spine/engine-state.js';
import { reduceState } from '../../../../src/engine/core/spine/state-reducer.js';
import { STATE_LIMITS } from '../../../../src/engine/core/spine/engine-state.js';
import { baseState, pair, T0 } from './fixtures.js';

const order = (id: string, status: OrderView['status']): OrderView => ({
  clientOrderId: id, venueOrderId: null, strategyId: 'vwm', symbol: 'BTC', side: 'buy', type: 'market', amount: 1, filled: 0,
  price: null, avgFillPrice: null, reduceOnly: false, status, mode: 'paper', reason: 'entry long', createdAt: T0, updatedAt: T0,
});
const position = (symbol: string, amount: number): PositionView => ({
  symbol, strategyId: 'vwm', side: 'long', amount, entryPrice: 100, markPrice: 101, unrealizedPnl: 1, realizedPnl: 0, fees: 0.1,
  funding: 0, stopLoss: 95, takeProfit: null, trailingStop: null, openedAt: T0, mode: 'paper', external: false,
});

describe('reduceState', () => {
  it('a signal lands on its pair and is counted by decision', () => {
    const s0 = baseState({ pairs: [pair('BTC'), pair('ETH')] });
    const signal = { decision: 'hold' as const, reason: 'volume ratio 0.40 < 1.00', price: 1, momentum: 0, volumeRatio: 0.4, strength: 0, at: T0 };
    const s1 = reduceState(s0, { type: 'signal.evaluated', at: T0, symbol: 'ETH', signal });
    expect(s1.pairs[1]!.signal).toEqual(signal);
    expect(s1.pairs[0]).toBe(s0.pairs[0]);
    expect(s1.stats.evaluations).toBe(1);
    expect(s1.stats.decisions.hold).toBe(1);
  });

  it('decisions that want to trade are kept in the pair\'s signal history, bounded; holds are not', () => {
    let s = baseState({ pairs: [pair('BTC')] });
    const sig = (decision: 'long' | 'hold' | 'exit', at: number) => ({ decision, reason: decision, price: 100 + at, momentum: 0, volumeRatio: 1, strength: 1, at });
    for (let i = 0; i < 20; i++) s = reduceState(s, { type: 'signal.evaluated', at: T0, symbol: 'BTC', signal: sig(i % 3 === 0 ? 'hold' : i % 2 ? 'long' : 'exit', i) });
    const history = s.pairs[0]!.signalHistory;
    expect(history).toHaveLength(STATE_LIMITS.signalHistory);
    expect(history.every((m) => m.decision !== 'hold')).toBe(true);
    expect(history.at(-1)).toEqual({ at: 19, decision: 'long', price: 119 });
  });

  it('orders move from open to recent-only when terminal; a pending order counts as submitted once', () => {
    let s = baseState();
    s = reduceState(s, { type: 'order.updated', at: T0, order: order('a', 'pending') });
    s = reduceState(s, { type: 'order.updated', at: T0, order: order('a', 'open') });
    expect(s.orders.open.map((o) => o.status)).toEqual(['open']);
    s = reduceState(s, { type: 'order.updated', at: T0, order: order('a', 'filled') });
    expect(s.orders.open).toEqual([]);
    expect(s.orders.recent.map((o) => o.status)).toEqual(['filled']);
    expect(s.stats.ordersSubmitted).toBe(1);
  });

  it('positions are upserted by (mode, strategy, symbol) and leave the list when closed', () => {
    let s = baseState();
    s = reduceState(s, { type: 'position.changed', at: T0, position: position('SOL', 1), closed: false });
    s = reduceState(s, { type: 'position.changed', at: T0, position: position('BTC', 1), closed: false });
    s = reduceState(s, { type: 'position.changed', at: T0, position: position('SOL', 2), closed: false });
    expect(s.positions.map((p) => [p.symbol, p.amount])).toEqual([['BTC', 1], ['SOL', 2]]);
    s = reduceState(s, { type: 'position.changed', at: T0, position: position('SOL', 0), closed: true });
    expect(s.positions.map((p) => p.symbol)).toEqual(['BTC']);
  });

  it('bounded lists stay bounded', () => {
    let s = baseState();
    for (let i = 0; i < 80; i++) s = reduceState(s, { type: 'alert.raised', at: T0 + i, alert: { id: i, level: 'warn', at: T0 + i, code: 'x', message: `m${i}` } });
    expect(s.alerts).toHaveLength(STATE_LIMITS.alerts);
    expect(s.alerts[0]!.message).toBe('m79');
  });

  it('trading state, mode and storage transitions', () => {
    const prev = baseState().run.trading;
    const halted = { state: 'HALTED' as const, since: T0 + 1, reason: 'kill switch', by: 'console' };
    let s = reduceState(baseState(), { type: 'trading_state.changed', at: T0 + 1, trading: halted, previous: prev });
    s = reduceState(s, { type: 'mode.changed', at: T0 + 2, mode: 'live', by: 'console' });
    s = reduceState(s, { type: 'storage.state_changed', at: T0 + 3, from: 'up', to: 'down', error: 'ECONNREFUSED' });
    expect(s.run.trading).toEqual(halted);
    expect(s.run.mode).toBe('live');
    expect(s.storage).toMatchObject({ state: 'down', since: T0 + 3, lastError: 'ECONNREFUSED' });
  });
});
