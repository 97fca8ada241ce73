/**
 * The 64 KB snapshot target holds for the largest state the list bounds allow (a full
 * trading state), not only for a collector's: this fails as soon as a bound or a field grows
 * past it. Bytes are UTF-8, as they go over the control socket.
 */
import { describe, expect, it } from 'vitest';
import { worstCaseState } from '../../bench/lib/state-worst.js';
import { STATE_LIMITS } from '../../src/engine/core/spine/engine-state.js';
import { initialEngineState } from '../../src/engine/core/spine/initial-state.js';
import { share } from '../../src/engine/core/spine/share-structure.js';

describe('largest EngineState the bounds allow', () => {
  const s = worstCaseState(initialEngineState({ venue: 'pacifica', mode: 'live', startedAt: Date.UTC(2026, 11, 1), version: '0.1.0', pid: 99999, timeframe: '15m', storage: { backend: 'postgres', description: 'postgres 127.0.0.1:5432/nexwave' } }));

  it('is a full trading state: 34 pairs, positions and open orders, every list at its bound, a kill switch under way', () => {
    expect(s.pairs).toHaveLength(34);
    expect(s.positions).toHaveLength(34);
    expect(s.orders.open).toHaveLength(34);
    expect(s.orders.recent).toHaveLength(STATE_LIMITS.recentOrders);
    expect(s.alerts).toHaveLength(STATE_LIMITS.alerts);
    expect(s.log).toHaveLength(STATE_LIMITS.log);
    expect(s.whales).toHaveLength(STATE_LIMITS.whales);
    expect(s.pairs.every((p) => p.closes.length === STATE_LIMITS.closes && p.signalHistory.length === STATE_LIMITS.signalHistory)).toBe(true);
    expect(s.flatten?.symbols).toHaveLength(34);
  });

  it('serialises to at most 64 KB of JSON and publishes (plain data only)', () => {
    expect(Buffer.byteLength(JSON.stringify(s))).toBeLessThanOrEqual(64 * 1024);
    expect(() => share(undefined, s)).not.toThrow();
  });
});
