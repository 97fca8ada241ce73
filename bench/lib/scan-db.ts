/**
 * A fresh database for the scan benchmark with raw SQL access beside the Store port: the
 * view query and tick generation are SQL the Store does not (and should not) expose.
 * PGlite is assembled from the same parts createPgliteStore uses (worker + shared SQL
 * store) so the benchmark holds the worker's SqlClient; the data-dir guard is not needed
 * for a temporary directory.
 */
import { join } from 'node:path';
import postgres from 'postgres';
import type { Store } from '../../src/engine/ports/store.js';
import { startWorker } from '../../src/data/pglite/worker-proxy.js';
import { createPostgresStore } from '../../src/data/postgres/index.js';
import type { Row } from '../../src/data/sql/sql-client.js';
import { createSqlStore } from '../../src/data/sql/sql-store.js';
import { freshDir, freshPostgres } from './databases.js';
import type { Backend } from './stores.js';
import { copyGeneratedTicks, generateTicksSql } from './tick-gen.js';

/** Store + raw queries + tick generation over one fresh database. */
export interface ScanDb {
  readonly backend: Backend;
  readonly store: Store;
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Append generated ticks (ids from `firstId`), then ANALYZE as autovacuum would. */
  addTicks(count: number, firstId: number, now: number): Promise<void>;
  close(): Promise<void>;
}

/** Open and migrate a fresh database on `backend`. */
export async function openScanDb(backend: Backend, serverUrl?: string): Promise<ScanDb> {
  if (backend === 'postgres') {
    if (!serverUrl) throw new Error('openScanDb: PostgreSQL needs a server URL');
    const db = await freshPostgres(serverUrl, 'scan');
    const store = createPostgresStore({ url: db.value });
    await store.migrate();
    const sql = postgres(db.value, { max: 1, onnotice: () => {} });
    const symbols = (await store.loadPairs()).map((p) => p.symbol).sort();
    return {
      backend, store,
      query: (text, params = []) => sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]) as Promise<Row[]>,
      addTicks: async (count, firstId, now) => {
        await copyGeneratedTicks(sql, symbols, count, firstId, now);
        await sql.unsafe('ANALYZE ticks');
      },
      close: async () => {
        await sql.end({ timeout: 5 });
        await store.close();
        await db.dispose();
      },
    };
  }
  const dir = freshDir('scan');
  const client = await startWorker(join(dir.value, 'db'));
  const store = createSqlStore({ kind: 'pglite', description: `pglite ${dir.value}`, client, withMigrationLock: (fn) => fn(client), close: () => client.close() });
  await store.migrate();
  return {
    backend, store,
    query: (text, params) => client.query(text, params),
    addTicks: async (count, firstId, now) => {
      const g = generateTicksSql(count, firstId, now);
      await client.query('SELECT setseed(0.42)');
      await client.query(g.text, g.params);
      await client.query('ANALYZE ticks');
    },
    close: async () => {
      await store.close();
      await dir.dispose();
    },
  };
}
