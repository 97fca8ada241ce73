import type { Candle, Gap, Pair, SignalRecord, Tick, Timeframe, WhaleActivity } from '../core/types.js';

/** A migration file as applied (`schema_migrations`). */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

export interface MigrationReport {
  /** Migrations applied by this run, in order (empty when the schema was current). */
  readonly applied: readonly AppliedMigration[];
  readonly alreadyApplied: number;
  /** True when the TimescaleDB extension is present and was used. */
  readonly timescale: boolean;
}

export interface InsertTicksResult {
  /** Rows actually inserted (duplicates by (symbol, time, trade_id) are skipped). */
  readonly inserted: number;
}

export interface CandleQuery {
  readonly timeframe: Timeframe;
  readonly symbol?: string;
  /** Inclusive bucket start (ms). */
  readonly from?: number;
  /** Exclusive bucket start (ms). */
  readonly to?: number;
  /** Most recent N per symbol (ordered ascending in the result). */
  readonly lastN?: number;
}

/** Stored whale record with its database id. */
export interface StoredWhale extends WhaleActivity {
  readonly id: number;
}

/** Where ticks go (the batch writer's only need). Idempotent by (symbol, time, trade_id). */
export interface TickSink {
  /**
   * Insert ticks idempotently (ON CONFLICT DO NOTHING). Without TimescaleDB, the
   * candle tables are updated in the same transaction from the rows actually inserted.
   */
  insertTicks(ticks: readonly Tick[]): Promise<InsertTicksResult>;
  /** Cheap liveness check (the writer's "is it back?"). */
  ping(): Promise<void>;
}

/** Stored ticks: gap repair, retention and the checks that count them. */
export interface TickStore extends TickSink {
  /** Ticks of one symbol with from <= time < to, ordered by (time, trade_id). */
  findTicks(symbol: string, from: number, to: number): Promise<Tick[]>;
  /** Latest stored tick per symbol (for gap repair after a restart). */
  lastTicks(): Promise<Map<string, Tick>>;
  countTicks(symbol?: string): Promise<number>;
  /** Delete ticks older than `before` in batches of `batchSize`; returns rows deleted. */
  pruneTicks(before: number, batchSize: number): Promise<number>;
  /**
   * With TimescaleDB, set its compression and retention jobs to these ages (days). Without
   * it, a no-op: the engine's retention job calls pruneTicks instead.
   */
  setTickAges(ages: { readonly retentionDays: number; readonly compressionDays: number }): Promise<void>;
}

export interface CandleStore {
  loadCandles(q: CandleQuery): Promise<Candle[]>;
  /** Upsert candles that did not come from stored ticks (venue `/kline` backfill). */
  upsertCandles(candles: readonly Candle[]): Promise<void>;
}

export interface GapStore {
  insertGap(gap: Gap): Promise<void>;
  loadGaps(symbol?: string): Promise<Gap[]>;
}

export interface SignalStore {
  insertSignals(signals: readonly SignalRecord[]): Promise<void>;
  /** Latest signals, newest first. */
  loadSignals(q: { readonly symbol?: string; readonly limit: number }): Promise<SignalRecord[]>;
}

export interface WhaleStore {
  /** Insert a whale (by key when new) or update the persisting one; returns its id. */
  upsertWhale(w: WhaleActivity): Promise<number>;
  setWhaleImpact(id: number, bps: number): Promise<void>;
  /** Whales detected before `before` whose impact is still null. */
  whalesAwaitingImpact(before: number): Promise<StoredWhale[]>;
  recentWhales(limit: number): Promise<StoredWhale[]>;
}

export interface PairStore {
  loadPairs(): Promise<Pair[]>;
  /** Insert or update pairs (venue `/info` sync). Unknown new symbols arrive inactive. */
  upsertPairs(pairs: readonly Pair[]): Promise<void>;
}

/** Schema and connection: migrations, TimescaleDB detection, liveness, close. */
export interface StoreAdmin {
  readonly kind: 'postgres' | 'pglite';
  /** Human description without secrets, e.g. "postgres 127.0.0.1:5432/test" or "pglite /path". */
  readonly description: string;
  /** Apply pending migrations (advisory-locked on PostgreSQL). */
  migrate(): Promise<MigrationReport>;
  /** True when TimescaleDB is in use (continuous aggregates maintain candles). */
  usesTimescale(): Promise<boolean>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Persistence port, split by role so each user (and each test fake) needs only its part.
 * Implemented by `src/data/postgres` (postgres.js) and `src/data/pglite` (embedded, in a
 * worker thread) over the same SQL. Every method is atomic; errors are `StoreError`
 * (see core/errors.ts).
 */
export interface Store extends StoreAdmin, TickStore, CandleStore, GapStore, SignalStore, WhaleStore, PairStore {}
