/**
 * Views of EngineState for text surfaces: the periodic `engine.status` log line of
 * `nexwave headless` and the one-line JSON summary printed when it exits. Both are
 * projections of the same state the console renders, so the three can never disagree.
 */
import type { Venue } from '../types.js';
import type { ConnectionStateName, EngineState, StorageState, TradingMode, TradingStateName, WarmupPhase } from './engine-state.js';

/** The one-line JSON summary printed when `nexwave headless` exits. */
export interface RunSummary {
  readonly runtimeSec: number;
  readonly venue: Venue;
  readonly mode: EngineState['run']['mode'];
  readonly tradingState: EngineState['run']['trading']['state'];
  readonly pairs: number;
  readonly ticksReceived: number;
  readonly ticksStored: number;
  readonly ticksInserted: number;
  readonly duplicates: number;
  readonly journaled: number;
  readonly deadLettered: number;
  readonly writerRetries: number;
  readonly reconnects: number;
  readonly malformed: number;
  readonly gapRepairs: number;
  readonly gapsRecorded: number;
  readonly repairedTicks: number;
  readonly signals: number;
  readonly decisions: { readonly long: number; readonly short: number; readonly exit: number; readonly hold: number };
  readonly orders: number;
  readonly whalesDetected: number;
  readonly readyPairs: number;
  readonly warmupMs: number | null;
  readonly backfilledCandles: number;
  /** Trades for symbols the engine does not collect, dropped at the edge. */
  readonly unknownSymbolTrades: number;
  /** Market data refused by the sanity bands, by reason. */
  readonly quarantined: Readonly<Record<string, number>>;
}

export function runSummary(s: EngineState, now: number): RunSummary {
  return {
    runtimeSec: Math.round((now - s.run.startedAt) / 100) / 10,
    venue: s.run.venue,
    mode: s.run.mode,
    tradingState: s.run.trading.state,
    pairs: s.warmup.total,
    ticksReceived: s.storage.received,
    ticksStored: s.storage.stored,
    ticksInserted: s.storage.inserted,
    duplicates: s.storage.duplicates,
    journaled: s.storage.journaled,
    deadLettered: s.storage.deadLettered,
    writerRetries: s.storage.retries,
    reconnects: s.feed.reconnects,
    malformed: Object.values(s.feed.malformed).reduce((a, b) => a + b, 0),
    gapRepairs: s.gaps.repairs,
    gapsRecorded: s.gaps.holes,
    repairedTicks: s.gaps.repairedTicks,
    signals: s.stats.evaluations,
    decisions: s.stats.decisions,
    orders: s.stats.ordersSubmitted,
    whalesDetected: s.stats.whalesDetected,
    readyPairs: s.warmup.ready,
    warmupMs: s.stats.warmupMs,
    backfilledCandles: s.stats.backfilledCandles,
    unknownSymbolTrades: s.feed.unknownSymbolTrades,
    quarantined: s.feed.quarantined,
  };
}

/** One connection in the `engine.status` line. */
export interface StatusConnection {
  readonly id: string;
  readonly state: ConnectionStateName;
  readonly subs: number;
  readonly msgPerSec: number;
  readonly reconnects: number;
}

/**
 * Fields of the periodic `engine.status` log line of `nexwave headless` (README: Running it).
 * A type alias, not an interface, so it passes as a logger's field record.
 */
export type StatusFields = {
  readonly phase: WarmupPhase;
  readonly mode: TradingMode;
  readonly trading: TradingStateName;
  /** ISO exchange time, null before the first message. */
  readonly marketTime: string | null;
  readonly feed: {
    readonly ticksPerSec: number;
    readonly messages: number;
    readonly reconnects: number;
    readonly malformed: Readonly<Record<string, number>>;
    readonly unknownSymbolTrades: number;
    readonly quarantined: Readonly<Record<string, number>>;
    readonly quarantineUnrecorded: number;
    readonly lastMessageAgeMs: number | null;
    readonly connections: readonly StatusConnection[];
  };
  readonly storage: {
    readonly state: StorageState['state'];
    readonly queue: number;
    readonly lagMs: number;
    readonly rowsPerSec: number;
    readonly stored: number;
    readonly journalRows: number;
    readonly deadLettered: number;
    readonly retries: number;
    readonly lastError: string | null;
  };
  /** `minAvailable`: the fewest closed candles any pair has (null with no pairs yet). */
  readonly readiness: { readonly ready: number; readonly total: number; readonly allReadyAt: string | null; readonly minAvailable: number | null };
  readonly signals: { readonly evaluations: number; readonly long: number; readonly short: number; readonly exit: number; readonly hold: number };
  readonly whales: { readonly detected: number; readonly active: number };
  readonly gaps: { readonly repairs: number; readonly recorded: number; readonly repairedTicks: number; readonly repairing: number };
  readonly positions: number;
  readonly openOrders: number;
};

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The fewest of `xs`, null for none (Math.min of nothing is Infinity, which JSON writes as null anyway, silently). */
const fewest = (xs: readonly number[]): number | null => (xs.length === 0 ? null : Math.min(...xs));

export function statusFields(s: EngineState, now: number): StatusFields {
  return {
    phase: s.warmup.phase,
    mode: s.run.mode,
    trading: s.run.trading.state,
    marketTime: iso(s.run.marketTime),
    feed: {
      ticksPerSec: s.feed.ticksPerSecond, messages: s.feed.messages, reconnects: s.feed.reconnects, malformed: s.feed.malformed,
      unknownSymbolTrades: s.feed.unknownSymbolTrades, quarantined: s.feed.quarantined, quarantineUnrecorded: s.feed.quarantineUnrecorded,
      lastMessageAgeMs: s.feed.lastMessageAt === null ? null : now - s.feed.lastMessageAt,
      connections: s.feed.connections.map((c) => ({ id: c.id, state: c.state, subs: c.subscriptions, msgPerSec: c.messagesPerSecond, reconnects: c.reconnects })),
    },
    storage: {
      state: s.storage.state, queue: s.storage.queue, lagMs: s.storage.lagMs, rowsPerSec: s.storage.rowsPerSecond, stored: s.storage.stored,
      journalRows: s.storage.journalRows, deadLettered: s.storage.deadLettered, retries: s.storage.retries, lastError: s.storage.lastError,
    },
    readiness: { ready: s.warmup.ready, total: s.warmup.total, allReadyAt: iso(s.warmup.eta), minAvailable: fewest(s.pairs.map((p) => p.readiness.available)) },
    signals: { evaluations: s.stats.evaluations, ...s.stats.decisions },
    whales: { detected: s.stats.whalesDetected, active: s.pairs.filter((p) => p.whale !== null).length },
    gaps: { repairs: s.gaps.repairs, recorded: s.gaps.holes, repairedTicks: s.gaps.repairedTicks, repairing: s.gaps.repairing.length },
    positions: s.positions.length,
    openOrders: s.orders.open.length,
  };
}
