import { initialEngineState } from '../../../../src/engine/core/spine/initial-state.js';
import type { EngineState, PairState } from '../../../../src/engine/core/spine/engine-state.js';

export const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

/** A running engine: trading restored (ACTIVE) and the database open. */
export function baseState(over: Partial<EngineState> = {}): EngineState {
  const s = initialEngineState({
    venue: 'simulator', mode: 'paper', startedAt: T0, version: '0.1.0', pid: 42, timeframe: '15m', storage: { backend: 'pglite', description: 'pglite /tmp/x' },
    trading: { state: 'ACTIVE', since: T0, reason: 'started', by: 'start-up' },
  });
  return { ...s, storage: { ...s.storage, state: 'up' }, ...over };
}

export function pair(symbol: string, over: Partial<PairState> = {}): PairState {
  return {
    symbol, category: 'major', lastPrice: 100, markPrice: 100, change15m: 0.01, closes: [99, 100],
    whale: null, readiness: { available: 20, required: 20, ready: true, missing: '', readyAt: null }, signal: null, signalHistory: [], ...over,
  };
}
