/**
 * The largest EngineState the bounds allow for 34 pairs: every bounded list full, with
 * realistic field sizes (long reasons, 48 closes, a position and an open order per pair,
 * log lines at their 160-character cap, a kill switch listing all 34 symbols, five connections).
 */
import { STATE_LIMITS, type EngineState, type OrderView, type PairState, type PositionView } from '../../src/engine/core/spine/engine-state.js';
import type { WhaleActivity } from '../../src/engine/core/types.js';
import { priceForChart } from '../../src/engine/core/spine/display-precision.js';

const sym = (i: number): string => `SYM${i}`;
/** Price levels of the venue's pairs (the digits shown differ with the level: 5 to 7 characters a close). */
const LEVELS = [91234.5, 3417.42, 146.713, 23.4567, 0.123456] as const;

function pair(i: number, t: number): PairState {
  return {
    symbol: sym(i), category: 'mid-cap', lastPrice: 12345.678, markPrice: 12345.912, change15m: -0.012345,
    closes: Array.from({ length: STATE_LIMITS.closes }, (_, k) => priceForChart(LEVELS[i % LEVELS.length]! * (1 + k * 0.000577))),
    whale: 'bid', readiness: { available: 20, required: 20, ready: true, missing: '', readyAt: null },
    signal: { decision: 'hold', reason: 'volume ratio 0.83 < 1.00 (momentum +0.00071 above threshold)', price: 12345.678, momentum: 0.000712, volumeRatio: 0.8312, strength: 0.71, at: t },
    signalHistory: Array.from({ length: STATE_LIMITS.signalHistory }, (_, k) => ({ at: t - k * 900_000, decision: k % 2 ? 'long' : 'exit', price: priceForChart(12345.678) })),
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

/** The feed of a live account: market connections, the account stream, a topic without an ack. */
function feed(base: EngineState, t: number): EngineState['feed'] {
  const conn = (id: string, role?: 'account') => ({ id, ...(role ? { role } : {}), state: 'live' as const, subscriptions: 36, messagesPerSecond: 1234.5, lastMessageAt: t, reconnects: 3, nextRetryAt: null });
  return {
    ...base.feed, connections: [conn('trades-1'), conn('trades-2'), conn('books-1'), conn('prices-1'), conn('account-1', 'account')],
    malformed: { trades: 2, book: 1, account_orders: 1 }, unackedTopics: ['book:SYM33'], quarantined: { price: 3, 'time-ahead': 1 },
  };
}

/** Mid kill switch: every symbol still listed while its position is being closed. */
function flattening(t: number): EngineState['flatten'] {
  return {
    startedAt: t, finishedAt: null, by: 'console (K) over socket pid 4242 uid 1000', ordersCancelled: 34, flat: false,
    symbols: Array.from({ length: 34 }, (_, i) => ({ symbol: sym(i), mode: 'paper' as const, status: 'closing' as const, detail: 'reduce-only market sent' })),
  };
}

/** Every bounded list full, 34 positions with an open order each, a kill switch under way. */
export function worstCaseState(base: EngineState): EngineState {
  const t = base.run.startedAt;
  const n = (k: number): number[] => Array.from({ length: k }, (_, i) => i);
  return {
    ...base,
    feed: feed(base, t),
    storage: { ...base.storage, lastError: 'write ticks: connect ECONNREFUSED 127.0.0.1:5432 (retrying in 8 s, attempt 5)' },
    account: { mode: 'paper', equity: 101234.56, balance: 99876.54, realizedPnlToday: -123.45, unrealizedPnl: 224.02, updatedAt: t },
    flatten: flattening(t),
    pairs: n(34).map((i) => pair(i, t)),
    whales: n(STATE_LIMITS.whales).map((i) => whale(i, t)),
    gaps: { ...base.gaps, recorded: n(STATE_LIMITS.gaps).map((i) => ({ symbol: sym(i % 34), from: t, to: t + 60_000, reason: 'REST history does not reach back' })) },
    orders: { open: n(34).map((i) => ({ ...order(i, t), status: 'open' as const })), recent: n(STATE_LIMITS.recentOrders).map((i) => order(i, t)) },
    positions: n(34).map((i) => position(i, t)),
    alerts: n(STATE_LIMITS.alerts).map((i) => ({ id: i, level: 'warn' as const, at: t, code: 'feed.silent', message: 'no market data for 17 s on connection trades-2' })),
    log: n(STATE_LIMITS.log).map(() => ({ at: t, level: 'info' as const, event: 'whale.detected', text: 'x'.repeat(160) })),
  };
}
