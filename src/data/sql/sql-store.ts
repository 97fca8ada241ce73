import type { Store } from '../../engine/ports/store.js';
import * as candles from './candles.js';
import * as events from './events.js';
import { applyTimescalePolicies } from './timescale-policies.js';
import { loadMigrations, runMigrations } from './migrator.js';
import { defaultMigrationsDir } from './migrations-dir.js';
import * as pairs from './pairs.js';
import type { SqlClient } from './sql-client.js';
import * as ticks from './ticks.js';
import * as whales from './whales.js';
import { createSqlTradingStore } from './trading.js';

/** What a backend supplies to get the shared SQL Store. */
export interface SqlStoreOptions {
  readonly kind: Store['kind'];
  readonly description: string;
  readonly client: SqlClient;
  /**
   * Run `fn` so that no other process migrates the same database at the same time (a session
   * advisory lock on PostgreSQL). `fn` receives the client to migrate through.
   */
  readonly withMigrationLock: <T>(fn: (client: SqlClient) => Promise<T>) => Promise<T>;
  readonly close: () => Promise<void>;
  /** Another migrations directory (tests); defaults to the package's `migrations/`. */
  readonly migrationsDir?: string;
}

/** The Store port, written once over `SqlClient` for every backend. */
export function createSqlStore(opts: SqlStoreOptions): Store {
  const db = opts.client;
  let timescale: Promise<boolean> | null = null;
  const usesTimescale = (): Promise<boolean> => {
    timescale ??= db
      .query("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS ts")
      .then((rows) => rows[0]?.ts === true);
    // Never cache a failure: the database may simply be down for a moment.
    timescale.catch(() => (timescale = null));
    return timescale;
  };

  return {
    kind: opts.kind,
    description: opts.description,
    async migrate() {
      const files = loadMigrations(opts.migrationsDir ?? defaultMigrationsDir());
      const run = await opts.withMigrationLock((client) => runMigrations(client, files));
      timescale = null;
      return { ...run, timescale: await usesTimescale() };
    },
    usesTimescale,
    async ping() {
      await db.query('SELECT 1');
    },
    close: opts.close,
    insertTicks: async (t) => ticks.insertTicks(db, t, await usesTimescale()),
    findTicks: (symbol, from, to) => ticks.findTicks(db, symbol, from, to),
    lastTicks: () => ticks.lastTicks(db),
    countTicks: (symbol) => ticks.countTicks(db, symbol),
    pruneTicks: (before, batchSize) => ticks.pruneTicks(db, before, batchSize),
    async setTickAges(ages) {
      if (await usesTimescale()) await applyTimescalePolicies(db, ages);
    },
    loadPairs: () => pairs.loadPairs(db),
    upsertPairs: (p) => pairs.upsertPairs(db, p),
    loadCandles: async (q) => candles.loadCandles(db, q, await usesTimescale()),
    upsertCandles: (c) => candles.upsertCandles(db, c),
    insertGap: (g) => events.insertGap(db, g),
    loadGaps: (symbol) => events.loadGaps(db, symbol),
    insertSignals: (s) => events.insertSignals(db, s),
    loadSignals: (q) => events.loadSignals(db, q),
    upsertWhale: (w) => whales.upsertWhale(db, w),
    setWhaleImpact: (id, bps) => whales.setWhaleImpact(db, id, bps),
    whalesAwaitingImpact: (before) => whales.whalesAwaitingImpact(db, before),
    recentWhales: (limit) => whales.recentWhales(db, limit),
    trading: createSqlTradingStore(db),
  };
}
