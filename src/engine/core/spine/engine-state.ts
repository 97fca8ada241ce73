/**
 * EngineState: everything a trader can see, as one plain serialisable value (no Map,
 * class or function), so the same value renders in the console, crosses the control
 * socket as JSON and answers `nexwave status`. Published snapshots are immutable and
 * share structure: a slice that did not change keeps its object identity.
 */
import type { BookSide, Category, Gap, SignalDecision, Venue, WhaleActivity } from '../types.js';

export type TradingMode = 'paper' | 'live';
/**
 * ACTIVE trades; REDUCING allows exits and reduce-only orders; HALTED allows only cancels and
 * the kill switch. RESTORING: at start-up, until the saved state is read from the database
 * (a halted engine must never show ACTIVE meanwhile); only cancels and the kill switch.
 */
export type TradingStateName = 'RESTORING' | 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingStatus {
  readonly state: TradingStateName;
  /** Epoch ms of the last change. */
  readonly since: number;
  /** Why, in words ("kill switch", "daily loss limit -2.1% breached"). */
  readonly reason: string;
  /** Who changed it ("console", "cli", "socket pid 4242 uid 1000", "risk", "start-up"). */
  readonly by: string;
}

export interface RunState {
  readonly venue: Venue;
  readonly mode: TradingMode;
  readonly trading: TradingStatus;
  readonly startedAt: number;
  /** Latest exchange time observed (null before the first message). */
  readonly marketTime: number | null;
  readonly version: string;
  readonly pid: number;
  /** Strategy timeframe (e.g. "15m"). */
  readonly timeframe: string;
}

export type WarmupPhase = 'starting' | 'opening-database' | 'migrating' | 'syncing-pairs' | 'subscribing' | 'backfilling' | 'live' | 'stopping' | 'stopped';

export interface WarmupState {
  readonly phase: WarmupPhase;
  /** Backfill progress (pairs done / to do) while phase is backfilling. */
  readonly backfill: { readonly done: number; readonly total: number };
  /** Active pairs whose strategy window is complete / all active pairs. */
  readonly ready: number;
  readonly total: number;
  /** When every pair will be ready (epoch ms, exchange time), null when all are. */
  readonly eta: number | null;
}

export type ConnectionStateName = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'closed';

export interface ConnectionView {
  readonly id: string;
  /** `account`: the live account stream (fills, positions); absent: a market-data connection. */
  readonly role?: 'account';
  readonly state: ConnectionStateName;
  readonly subscriptions: number;
  readonly messagesPerSecond: number;
  /** Epoch ms of the last message (null before the first). */
  readonly lastMessageAt: number | null;
  readonly reconnects: number;
  /** Epoch ms of the next attempt while reconnecting. */
  readonly nextRetryAt: number | null;
}

export interface FeedState {
  readonly connections: readonly ConnectionView[];
  /** Trades per second received over the last few seconds. */
  readonly ticksPerSecond: number;
  readonly messages: number;
  readonly reconnects: number;
  /** Epoch ms of the newest message on any connection. */
  readonly lastMessageAt: number | null;
  readonly malformed: Readonly<Record<string, number>>;
  /** Topics that got no subscribe ack after every retry. */
  readonly unackedTopics: readonly string[];
  /** Trades for symbols the engine does not collect, dropped at the edge (feed and engine). */
  readonly unknownSymbolTrades: number;
  /** Market data refused by the sanity bands, by reason (README: Reliability). */
  readonly quarantined: Readonly<Record<string, number>>;
  /** Quarantined ticks the audit file could not take (queue full or write failed). */
  readonly quarantineUnrecorded: number;
}

export type StorageStateName = 'opening' | 'up' | 'down';

export interface StorageState {
  readonly backend: 'postgres' | 'pglite';
  /** Where, without secrets. */
  readonly description: string;
  /** opening: not open yet at start-up (then up, or down when it cannot be reached). */
  readonly state: StorageStateName;
  /** Epoch ms since the state holds. */
  readonly since: number;
  readonly queue: number;
  readonly lagMs: number;
  readonly rowsPerSecond: number;
  readonly retries: number;
  /** Ticks handed to the writer. */
  readonly received: number;
  /** Rows the database accepted (inserted + duplicates). */
  readonly stored: number;
  readonly inserted: number;
  readonly duplicates: number;
  /** Ticks ever appended to the journal. */
  readonly journaled: number;
  readonly journalBytes: number;
  readonly journalRows: number;
  readonly deadLettered: number;
  readonly lastError: string | null;
}

export interface SignalView {
  readonly decision: SignalDecision;
  readonly reason: string;
  readonly price: number | null;
  readonly momentum: number | null;
  readonly volumeRatio: number | null;
  readonly strength: number | null;
  /** Exchange time of the evaluation. */
  readonly at: number;
}

export interface ReadinessView {
  readonly available: number;
  readonly required: number;
  readonly ready: boolean;
  /** What is missing, in words ("7 candles", "hole 12:00-12:30"), empty when ready. */
  readonly missing: string;
  /** When the window will be complete (exchange ms); null once ready. */
  readonly readyAt: number | null;
}

export interface PairState {
  readonly symbol: string;
  readonly category: Category;
  readonly lastPrice: number | null;
  readonly markPrice: number | null;
  /** Fractional change of the last price over the last 15 minutes of exchange time (0.01 = +1%). */
  readonly change15m: number | null;
  /** The last closes of the strategy timeframe, oldest first (sparkline). */
  readonly closes: readonly number[];
  /** A whale wall is active on this pair now. */
  readonly whale: BookSide | null;
  readonly readiness: ReadinessView;
  readonly signal: SignalView | null;
  /** The latest decisions that wanted to trade (long, short, exit), oldest first, bounded. */
  readonly signalHistory: readonly SignalMark[];
}

/** One past decision on the chart: when, what, at which price. */
export interface SignalMark {
  readonly at: number;
  readonly decision: SignalDecision;
  readonly price: number | null;
}

export interface GapsState {
  /** Symbols whose missed trades are being repaired. */
  readonly repairing: readonly string[];
  readonly repairs: number;
  readonly repairedTicks: number;
  /** Holes recorded since start. */
  readonly holes: number;
  /** Holes that could not be repaired, most recent first (bounded). */
  readonly recorded: readonly Gap[];
}

export type OrderStatus = 'pending' | 'submitted' | 'open' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export interface OrderView {
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  readonly strategyId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly amount: number;
  readonly filled: number;
  readonly price: number | null;
  readonly avgFillPrice: number | null;
  readonly reduceOnly: boolean;
  readonly status: OrderStatus;
  readonly mode: TradingMode;
  /** Why it was rejected, cancelled or placed ("entry long", "stop loss", "kill switch"). */
  readonly reason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface PositionView {
  readonly symbol: string;
  readonly strategyId: string;
  readonly side: 'long' | 'short';
  readonly amount: number;
  readonly entryPrice: number;
  readonly markPrice: number | null;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
  readonly fees: number;
  readonly funding: number;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
  readonly trailingStop: number | null;
  readonly openedAt: number;
  readonly mode: TradingMode;
  /** Opened outside this console (adopted at reconciliation). */
  readonly external: boolean;
}

export interface AccountView {
  readonly mode: TradingMode;
  readonly equity: number;
  readonly balance: number;
  readonly realizedPnlToday: number;
  readonly unrealizedPnl: number;
  readonly updatedAt: number;
}

/** cancelling: its open orders are being cancelled; pending: queued to close; closing: a reduce-only exit is out. */
export type FlattenSymbolStatus = 'cancelling' | 'pending' | 'closing' | 'closed' | 'failed';

export interface FlattenProgress {
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly by: string;
  readonly ordersCancelled: number;
  /** Per symbol and mode (the kill switch flattens every mode with positions open). */
  readonly symbols: readonly { readonly symbol: string; readonly mode?: TradingMode; readonly status: FlattenSymbolStatus; readonly detail: string | null }[];
  /** True once no position and no open order is left. */
  readonly flat: boolean;
}

export type AlertLevel = 'info' | 'warn' | 'error';

export interface AlertView {
  readonly id: number;
  readonly level: AlertLevel;
  readonly at: number;
  /** Stable code ("feed.silent", "storage.down", "order.filled", "kill_switch"). */
  readonly code: string;
  readonly message: string;
}

export interface LogLine {
  readonly at: number;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly event: string;
  /** The fields as one short line (secrets already redacted by the logger). */
  readonly text: string;
}

/** Counters since start (the run summary is a projection of them). */
export interface RunStats {
  readonly evaluations: number;
  readonly decisions: { readonly long: number; readonly short: number; readonly exit: number; readonly hold: number };
  readonly whalesDetected: number;
  readonly ordersSubmitted: number;
  /** Start-up warm-up: how long it took (ms), null while it runs. */
  readonly warmupMs: number | null;
  readonly backfilledCandles: number;
}

export interface OrdersState {
  readonly open: readonly OrderView[];
  /** Most recent first, bounded. */
  readonly recent: readonly OrderView[];
}

/** Everything a trader can see. */
export interface EngineState {
  readonly run: RunState;
  readonly warmup: WarmupState;
  readonly feed: FeedState;
  readonly storage: StorageState;
  /** Active pairs, in category then symbol order. */
  readonly pairs: readonly PairState[];
  /** Most recent first, bounded. */
  readonly whales: readonly WhaleActivity[];
  readonly gaps: GapsState;
  readonly stats: RunStats;
  readonly orders: OrdersState;
  readonly positions: readonly PositionView[];
  /** Null until trading reports an account. */
  readonly account: AccountView | null;
  /** The kill switch's latest run (progress while it runs). */
  readonly flatten: FlattenProgress | null;
  /** Most recent first, bounded. */
  readonly alerts: readonly AlertView[];
  /** Oldest first, bounded. */
  readonly log: readonly LogLine[];
}

/**
 * Bounds of the lists in EngineState. They keep the largest snapshot of 34 pairs (34 positions,
 * 34 open orders, a kill switch listing all 34, every list full, log lines at their cap) under
 * 64 KB of JSON (`npm run bench -- state` measures it). What a panel holds beyond these is in
 * the database and in <data dir>/logs: 40 closes are 10 h of 15m candles on the chart, 3 signal
 * marks fill its history line on a 120-column terminal, 8 log lines and 5 alerts, whales and
 * recent orders fill the lower panels of a 120x40 terminal.
 */
export const STATE_LIMITS = { whales: 5, gaps: 3, recentOrders: 5, alerts: 5, log: 8, closes: 40, signalHistory: 3 } as const;
