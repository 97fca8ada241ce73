/** EngineState fixtures for console tests (plain values, as an engine or the control socket publishes them). */
import { initialEngineState } from '../../src/engine/core/spine/initial-state.js';
import type { EngineState, PairState } from '../../src/engine/core/spine/engine-state.js';
import type { Category } from '../../src/engine/core/types.js';
import type { Command, CommandOrigin, CommandResult } from '../../src/engine/core/spine/command.js';
import type { CommandSink, StateSource } from '../../src/engine/core/spine/state-source.js';

/** 2026-12-01 10:00:00 UTC. */
export const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

/** At start-up: trading RESTORING, the database opening. */
const fresh = initialEngineState({
  venue: 'simulator', mode: 'paper', startedAt: T0 - 125_000, version: '0.1.0', pid: 4242, timeframe: '15m',
  storage: { backend: 'pglite', description: 'pglite /tmp/nx' },
});
/** Once started: trading restored (ACTIVE), the database up. */
const base: EngineState = { ...fresh, run: { ...fresh.run, trading: { state: 'ACTIVE', since: fresh.run.startedAt, reason: 'started', by: 'start-up' } }, storage: { ...fresh.storage, state: 'up' } };

function pair(symbol: string, category: Category, price: number, ready: number, extra: Partial<PairState> = {}): PairState {
  const closes = Array.from({ length: 24 }, (_, i) => price * (1 + Math.sin(i / 3) * 0.01));
  return {
    symbol, category, lastPrice: price, markPrice: price, change15m: 0.0123, closes, whale: null,
    readiness: { available: ready, required: 20, ready: ready >= 20, missing: ready >= 20 ? '' : `${20 - ready} candles`, readyAt: ready >= 20 ? null : T0 + (20 - ready) * 900_000 },
    signal: null, signalHistory: [], ...extra,
  };
}

export const startingState: EngineState = { ...fresh, warmup: { ...fresh.warmup, phase: 'opening-database' } };

export const warmingState: EngineState = {
  ...base,
  warmup: { phase: 'live', backfill: { done: 3, total: 3 }, ready: 1, total: 3, eta: T0 + 3_600_000 },
  pairs: [pair('BTC', 'major', 97_123.4, 20), pair('ETH', 'major', 3_380.5, 12), pair('WIF', 'small-cap', 0.81234, 4)],
};

const signal = (decision: 'long' | 'short' | 'hold', reason: string) => ({ decision, reason, price: 97_000, momentum: 0.004, volumeRatio: 1.4, strength: 0.82, at: T0 - 60_000 });

export const liveState: EngineState = {
  ...base,
  run: { ...base.run, marketTime: T0 },
  warmup: { phase: 'live', backfill: { done: 3, total: 3 }, ready: 3, total: 3, eta: null },
  feed: { ...base.feed, ticksPerSecond: 1_234, messages: 99_000, lastMessageAt: T0 - 200, connections: [{ id: 'ws-1', state: 'live', subscriptions: 102, messagesPerSecond: 800, lastMessageAt: T0 - 200, reconnects: 0, nextRetryAt: null }] },
  storage: { ...base.storage, lagMs: 120, queue: 340, journalRows: 0 },
  pairs: [
    pair('BTC', 'major', 97_123.4, 20, { whale: 'bid', signal: signal('long', 'long: momentum 0.004 > 0.002, volume 1.4x') }),
    pair('ETH', 'major', 3_380.5, 20, { change15m: -0.021, signal: signal('hold', 'volume ratio 0.83 < 1.00') }),
    pair('WIF', 'small-cap', 0.81234, 20, { whale: 'ask', signal: signal('short', 'short: momentum -0.006') }),
  ],
  whales: [{
    key: 'BTC:bid:single:97000', symbol: 'BTC', detectedAt: T0 - 30_000, lastSeenAt: T0 - 5_000, whaleType: 'single', direction: 'bid',
    priceLow: 96_990, priceHigh: 97_000, totalVolume: 12, totalValueUsd: 1_164_000, orderCount: 1, confidence: 0.85, midAtDetection: 97_050, marketImpactBps: null,
  }],
  orders: {
    open: [{ clientOrderId: 'c1', venueOrderId: 'v1', strategyId: 'vwm', symbol: 'ETH', side: 'sell', type: 'limit', amount: 2, filled: 0, price: 3_400, avgFillPrice: null, reduceOnly: true, status: 'open', mode: 'paper', reason: 'take profit', createdAt: T0 - 9_000, updatedAt: T0 - 9_000 }],
    recent: [{ clientOrderId: 'c0', venueOrderId: 'v0', strategyId: 'vwm', symbol: 'BTC', side: 'buy', type: 'market', amount: 0.1, filled: 0.1, price: null, avgFillPrice: 97_000, reduceOnly: false, status: 'filled', mode: 'paper', reason: 'entry long', createdAt: T0 - 20_000, updatedAt: T0 - 19_000 }],
  },
  positions: [
    { symbol: 'BTC', strategyId: 'vwm', side: 'long', amount: 0.1, entryPrice: 97_000, markPrice: 97_123.4, unrealizedPnl: 12.34, realizedPnl: 0, fees: 0.5, funding: 0, stopLoss: 95_000, takeProfit: 99_000, trailingStop: null, openedAt: T0 - 19_000, mode: 'paper', external: false },
    { symbol: 'ETH', strategyId: 'vwm', side: 'short', amount: 2, entryPrice: 3_390, markPrice: 3_380.5, unrealizedPnl: 19, realizedPnl: 0, fees: 0.3, funding: 0, stopLoss: 3_450, takeProfit: 3_300, trailingStop: null, openedAt: T0 - 40_000, mode: 'paper', external: false },
  ],
  account: { mode: 'paper', equity: 10_031.34, balance: 10_000, realizedPnlToday: 0, unrealizedPnl: 31.34, updatedAt: T0 },
  alerts: [{ id: 2, level: 'warn', at: T0 - 3_000, code: 'feed.silent', message: 'no market data for 16 s' }, { id: 1, level: 'info', at: T0 - 60_000, code: 'storage.up', message: 'database back' }],
  log: [{ at: T0 - 1_000, level: 'info', event: 'engine.status', text: 'ticks=99000' }, { at: T0 - 500, level: 'warn', event: 'command.executed', text: 'command=positions.flatten status=refused' }],
};

export const haltedState: EngineState = {
  ...liveState,
  run: { ...liveState.run, trading: { state: 'HALTED', since: T0 - 10_000, reason: 'kill switch', by: 'console (K)' } },
  positions: [],
  orders: { open: [], recent: liveState.orders.recent },
  flatten: { startedAt: T0 - 12_000, finishedAt: T0 - 10_000, by: 'console (K)', ordersCancelled: 1, symbols: [{ symbol: 'BTC', status: 'closed', detail: null }, { symbol: 'ETH', status: 'closed', detail: null }], flat: true },
};

export const liveModeState: EngineState = { ...liveState, run: { ...liveState.run, mode: 'live' } };

/** A StateSource over a value the test replaces; notifies synchronously. */
export function fakeSource(initial: EngineState): StateSource & { set(s: EngineState): void } {
  let state = initial;
  const listeners = new Set<(s: EngineState) => void>();
  return {
    getState: () => state,
    subscribe(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    set(s) {
      state = s;
      for (const l of listeners) l(s);
    },
  };
}

/** A CommandSink that records what it is sent and answers with `answer` (default: accepted). */
export function fakeSink(answer: (c: Command) => CommandResult = () => ({ status: 'accepted', message: 'ok' })): CommandSink & { sent: { command: Command; origin: CommandOrigin }[] } {
  const sent: { command: Command; origin: CommandOrigin }[] = [];
  return {
    sent,
    async execute(command, origin) {
      sent.push({ command, origin });
      return answer(command);
    },
  };
}
