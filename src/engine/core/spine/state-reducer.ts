/**
 * How events change the state: `(state, event) -> state`, pure. Slices that are measured
 * rather than announced (feed rates, writer queue, prices) are sampled by the app and
 * merged with `share` (share-structure.ts); everything a trader acts on arrives here.
 */
import { priceForChart, whaleForState } from './display-precision.js';
import type { EngineEvent } from './engine-event.js';
import type { SignalDecision } from '../types.js';
import { STATE_LIMITS, type EngineState, type OrderView, type PairState, type PositionView, type RunStats, type SignalView } from './engine-state.js';

const TERMINAL = new Set(['filled', 'cancelled', 'rejected', 'expired']);

function upsertOrder(state: EngineState, order: OrderView): EngineState['orders'] {
  const open = state.orders.open.filter((o) => o.clientOrderId !== order.clientOrderId);
  const recent = [order, ...state.orders.recent.filter((o) => o.clientOrderId !== order.clientOrderId)].slice(0, STATE_LIMITS.recentOrders);
  return { open: TERMINAL.has(order.status) ? open : [...open, order], recent };
}

function upsertPosition(list: readonly PositionView[], p: PositionView, closed: boolean): readonly PositionView[] {
  const key = (x: PositionView): string => `${x.mode}|${x.strategyId}|${x.symbol}`;
  const rest = list.filter((x) => key(x) !== key(p));
  return closed ? rest : [...rest, p].sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** The latest signal, and a mark in the history when it wanted to trade. */
function withSignal(p: PairState, signal: SignalView): PairState {
  if (signal.decision === 'hold') return { ...p, signal };
  const mark = { at: signal.at, decision: signal.decision, price: signal.price === null ? null : priceForChart(signal.price) };
  return { ...p, signal, signalHistory: [...p.signalHistory, mark].slice(-STATE_LIMITS.signalHistory) };
}

function countDecision(stats: RunStats, d: SignalDecision): RunStats {
  return { ...stats, evaluations: stats.evaluations + 1, decisions: { ...stats.decisions, [d]: stats.decisions[d] + 1 } };
}

export function reduceState(state: EngineState, e: EngineEvent): EngineState {
  switch (e.type) {
    case 'signal.evaluated':
      return { ...state, pairs: state.pairs.map((p) => (p.symbol === e.symbol ? withSignal(p, e.signal) : p)), stats: countDecision(state.stats, e.signal.decision) };
    case 'whale.detected':
      return { ...state, whales: [whaleForState(e.whale), ...state.whales].slice(0, STATE_LIMITS.whales), stats: { ...state.stats, whalesDetected: state.stats.whalesDetected + 1 } };
    case 'order.updated': {
      // Every order is announced first as pending (recorded before it is sent).
      const stats = e.order.status === 'pending' ? { ...state.stats, ordersSubmitted: state.stats.ordersSubmitted + 1 } : state.stats;
      return { ...state, orders: upsertOrder(state, e.order), stats };
    }
    case 'position.changed':
      return { ...state, positions: upsertPosition(state.positions, e.position, e.closed) };
    case 'trading_state.changed':
      return { ...state, run: { ...state.run, trading: e.trading } };
    case 'mode.changed':
      return { ...state, run: { ...state.run, mode: e.mode } };
    case 'warmup.progressed':
      return { ...state, warmup: e.warmup };
    case 'flatten.progressed':
      return { ...state, flatten: e.progress };
    case 'alert.raised':
      return { ...state, alerts: [e.alert, ...state.alerts].slice(0, STATE_LIMITS.alerts) };
    case 'storage.state_changed':
      return { ...state, storage: { ...state.storage, state: e.to, since: e.at, lastError: e.error ?? state.storage.lastError } };
    case 'candle.closed':
    case 'feed.state_changed':
    case 'command.executed':
      return state;
  }
}
