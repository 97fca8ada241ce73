/** The state an engine publishes before anything has happened. */
import type { Venue } from '../types.js';
import type { EngineState, StorageState, TradingMode, TradingStatus } from './engine-state.js';

export interface InitialStateInput {
  readonly venue: Venue;
  readonly mode: TradingMode;
  readonly startedAt: number;
  readonly version: string;
  readonly pid: number;
  readonly timeframe: string;
  readonly storage: Pick<StorageState, 'backend' | 'description'>;
  /** The trading state to start in (default RESTORING: trading reads the saved one from the database). */
  readonly trading?: TradingStatus;
}

export function initialEngineState(i: InitialStateInput): EngineState {
  return {
    run: {
      venue: i.venue, mode: i.mode, startedAt: i.startedAt, marketTime: null, version: i.version, pid: i.pid, timeframe: i.timeframe,
      trading: i.trading ?? { state: 'RESTORING', since: i.startedAt, reason: 'reading the saved trading state', by: 'start-up' },
    },
    warmup: { phase: 'starting', backfill: { done: 0, total: 0 }, ready: 0, total: 0, eta: null },
    feed: { connections: [], ticksPerSecond: 0, messages: 0, reconnects: 0, lastMessageAt: null, malformed: {}, unackedTopics: [], unknownSymbolTrades: 0, quarantined: {}, quarantineUnrecorded: 0 },
    storage: {
      ...i.storage, state: 'opening', since: i.startedAt, queue: 0, lagMs: 0, rowsPerSecond: 0, retries: 0, received: 0, stored: 0, inserted: 0, duplicates: 0, journaled: 0,
      journalBytes: 0, journalRows: 0, deadLettered: 0, lastError: null,
    },
    pairs: [],
    whales: [],
    gaps: { repairing: [], repairs: 0, repairedTicks: 0, holes: 0, recorded: [] },
    stats: { evaluations: 0, decisions: { long: 0, short: 0, exit: 0, hold: 0 }, whalesDetected: 0, ordersSubmitted: 0, warmupMs: null, backfilledCandles: 0 },
    orders: { open: [], recent: [] },
    positions: [],
    account: null,
    flatten: null,
    alerts: [],
    log: [],
  };
}
