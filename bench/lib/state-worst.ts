/**
 * The largest EngineState the bounds allow for 34 pairs: every bounded list full, with
 * realistic field sizes (long reasons, 48 closes, a position and open orders per pair).
 */
import { STATE_LIMITS, type EngineState, type OrderView, type PairState, type PositionView } from '../../src/engine/core/spine/engine-state.js';
import type { WhaleActivity } from '../../src/engine/core/types.js';

const sym = (i: number): string => `SYM${i}`;

function pair(i: number, t: number): PairState {
  return {
    symbol: sym(i), category: 'mid-cap', lastPrice: 12345.678, markPrice: 12345.912, change15m: -0.012345,
    closes: Array.from({ length: STATE_LIMITS.closes }, (_, k) => 12000 + k * 7.123),
    whale: 'bid', readiness: { available: 20, required: 20, ready: true, missing: '', readyAt: null },
    signal: { decision: 'hold', reason: 'volume ratio 0.83 < 1.00 (momentum +0.00071 above threshold)', price: 12345.678, momentum: 0.000712, volumeRatio: 0.8312, strength: 0.71, at: t },
    signalHistory: Array.from({ length: STATE_LIMITS.signalHistory }, (_, k) => ({ at: t - k * 900_000, decision: k % 2 ? 'long' : 'exit', price: 12345.678 })),
  };
}

function order(i: number, t: number): OrderView {
  return {
    clientOrderId: `0b6f3c1e-5d7a-4c1b-9a51-${String(i).padStart(12, '0')}`, venueOrderId: String(900_000_000 + i), strategyId: 'vwm_momentum_1',
    symbol: sym(i % 34), side: 'buy', type: 'market', amount: 0.12345, filled: 0.12345, price: null, avgFillPrice: 12345.67,
    reduceOnly: false, status: 'filled', mode: 'paper', reason: 'entry long: momentum +0.00071', createdAt: t, updatedAt: t,
  };
}

function position(i: number, t: number): PositionView {
  return {
    symbol: sym(i), strategyId: 'vwm_momentum_1', side: 'long', amount: 0.12345, entryPrice: 12345.67, markPrice: 12399.1, unrealizedPnl: 6.59,
    realizedPnl: -1.23, fees: 0.64, funding: -0.02, stopLoss: 12100.5, takeProfit: 12800, trailingStop: 12250.25, openedAt: t, mode: 'paper', external: false,
  };
}

function whale(i: number, t: number): WhaleActivity {
  return {
    key: `${sym(i % 34)}|bid|single|12340`, symbol: sym(i % 34), detectedAt: t, lastSeenAt: t, whaleType: 'ladder', direction: 'bid', priceLow: 12300.5,
    priceHigh: 12340.25, totalVolume: 42.123, totalValueUsd: 520_000.12, orderCount: 7, confidence: 0.85, midAtDetection: 12345.5, marketImpactBps: 3.21,
  };
}

export function worstCaseState(base: EngineState): EngineState {
  const t = base.run.startedAt;
  const n = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
  return {
    ...base,
    pairs: n(34).map((i) => pair(i, t)),
    whales: n(STATE_LIMITS.whales).map((i) => whale(i, t)),
    gaps: { ...base.gaps, recorded: n(STATE_LIMITS.gaps).map((i) => ({ symbol: sym(i % 34), from: t, to: t + 60_000, reason: 'REST history does not reach back' })) },
    orders: { open: n(34).map((i) => ({ ...order(i, t), status: 'open' as const })), recent: n(STATE_LIMITS.recentOrders).map((i) => order(i, t)) },
    positions: n(34).map((i) => position(i, t)),
    alerts: n(STATE_LIMITS.alerts).map((i) => ({ id: i, level: 'warn' as const, at: t, code: 'feed.silent', message: 'no market data for 17 s on connection trades-2' })),
    log: n(STATE_LIMITS.log).map(() => ({ at: t, level: 'info' as const, event: 'whale.detected', text: 'x'.repeat(160) })),
  };
}
