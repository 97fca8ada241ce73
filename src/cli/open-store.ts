/**
 * Picks the Store adapter: DATABASE_URL -> the PostgreSQL server, otherwise embedded PGlite
 * in the data dir. Simulated data never mixes with venue data: with `sim`, embedded uses
 * <dataDir>/sim/pglite and a server uses the same server with the database name suffixed
 * `_sim` (created when missing).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { redactText, redactUrl } from '../engine/app/redact.js';
import { NexwaveError } from '../engine/core/errors.js';
import type { Logger } from '../engine/ports/logger.js';
import type { Store } from '../engine/ports/store.js';
import { createPgliteStore } from '../data/pglite/index.js';
import { createPostgresStore } from '../data/postgres/index.js';

export interface OpenStoreOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly sim: boolean;
  readonly logger: Logger;
}

/** An opened store and where it lives, without secrets (for the start-up banner). */
export interface OpenedStore {
  readonly store: Store;
  /**
   * Work that must succeed before the schema can be built (creating the `_sim` database)
   * but may wait for a server that is down at start; run it before migrating.
   */
  readonly prepare: () => Promise<void>;
  /** "pglite /home/u/.local/share/nexwave/pglite" or "postgres postgres://u:***@host/db". */
  readonly location: string;
}

/** Open (not migrate) the store for a command. Creates the embedded dir or the `_sim` database. */
export async function openStore(opts: OpenStoreOptions): Promise<OpenedStore> {
  // Said before anything slow starts, so a start is never silent.
  opts.logger.info('store.opening', { kind: opts.databaseUrl === undefined ? 'pglite' : 'postgres', dataDir: opts.dataDir, sim: opts.sim });
  if (opts.databaseUrl !== undefined) {
    const base = opts.databaseUrl;
    const url = opts.sim ? suffixDatabase(base, '_sim').url : base;
    let ready = !opts.sim;
    const prepare = async (): Promise<void> => {
      if (ready) return;
      await ensureSimDatabase(base);
      ready = true;
    };
    try {
      await prepare();
    } catch (err) {
      // A server that is down at start is retried later (prepare runs again before migrating).
      if (!(err instanceof NexwaveError && err.retryable)) throw err;
    }
    const store = createPostgresStore({ url, logger: opts.logger });
    const location = `postgres ${redactUrl(url)}`;
    opts.logger.info('store.opened', { kind: 'postgres', database: location, dataDir: opts.dataDir, sim: opts.sim });
    return { store, location, prepare };
  }
  const dir = opts.sim ? join(opts.dataDir, 'sim', 'pglite') : join(opts.dataDir, 'pglite');
  try {
    mkdirSync(join(dir, '..'), { recursive: true });
  } catch (err) {
    throw new NexwaveError('STORE.DATA_DIR_INVALID', `cannot create data dir ${dir}: ${(err as Error).message}; pass --data-dir or set NEXWAVE_DATA_DIR`, { cause: err });
  }
  const store = await createPgliteStore({ dataDir: dir, logger: opts.logger });
  const location = `pglite ${dir}`;
  opts.logger.info('store.opened', { kind: 'pglite', database: location, dataDir: opts.dataDir, sim: opts.sim });
  return { store, location, prepare: async () => {} };
}

/** The URL's database name with `suffix` appended (the user name when the URL names none, as libpq does). */
export function suffixDatabase(url: string, suffix: string): { url: string; database: string } {
  const u = new URL(url);
  const current = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  const database = `${current}${suffix}`;
  u.pathname = `/${encodeURIComponent(database)}`;
  return { url: u.toString(), database };
}

/** Create `<db>_sim` next to the configured database when it does not exist yet. */
async function ensureSimDatabase(url: string): Promise<string> {
  const target = suffixDatabase(url, '_sim');
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const found = await sql`SELECT 1 FROM pg_database WHERE datname = ${target.database}`;
    if (found.length === 0) await sql.unsafe(`CREATE DATABASE "${target.database.replaceAll('"', '""')}"`);
  } catch (err) {
    const code = (err as { code?: string }).code;
    // 42P04: another process created it between our check and our CREATE.
    if (code !== '42P04') throw simDatabaseError(url, target.database, err);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return target.url;
}

function simDatabaseError(url: string, database: string, err: unknown): NexwaveError {
  const message = redactText(err instanceof Error ? err.message : String(err));
  const code = (err as { code?: string }).code ?? '';
  const connection = /^(ECONN|ENOTFOUND|ETIMEDOUT|CONNECT_TIMEOUT)|^08/.test(code);
  return new NexwaveError(
    connection ? 'STORE.UNAVAILABLE' : 'STORE.QUERY_FAILED',
    `cannot prepare simulation database ${database} on ${redactUrl(url)}: ${message}`,
    { cause: err },
  );
}
