/**
 * Picks the Store adapter: DATABASE_URL -> the PostgreSQL server, otherwise embedded PGlite
 * in the data dir. Simulated data never mixes with venue data: with `sim`, embedded uses
 * <dataDir>/sim/pglite and a server uses the same server with the database name suffixed
 * `_sim` (created when missing, from the server's maintenance database, so the configured
 * database itself need not exist).
 */
import { join } from 'node:path';
import { redactUrl } from '../engine/app/redact.js';
import { NexwaveError } from '../engine/core/errors.js';
import type { Logger } from '../engine/ports/logger.js';
import type { Store } from '../engine/ports/store.js';
import { claimDataDir } from '../data/files/data-root.js';
import { ensureOwnerDir } from '../data/files/owner-only.js';
import { createPgliteStore } from '../data/pglite/index.js';
import { databaseName, ensureDatabase } from '../data/postgres/ensure-database.js';
import { HANDSHAKE_TIMEOUT_MS, hostPort, noticeSlow, sharedAttempt, SLOW_HANDSHAKE_MS } from '../data/postgres/handshake.js';
import { createPostgresStore } from '../data/postgres/index.js';

export interface OpenStoreOptions {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly sim: boolean;
  readonly logger: Logger;
  /**
   * Create the `_sim` database now (default). The engine passes false: its schema step
   * runs `prepare` first anyway, and a server that does not answer is waited for once.
   */
  readonly prepareNow?: boolean;
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
  // The data dir holds the journal and dead letters even with a server database.
  claimDataDir(opts.dataDir);
  if (opts.sim) ensureOwnerDir(join(opts.dataDir, 'sim'));
  // Said before anything slow starts, so a start is never silent.
  opts.logger.info('store.opening', { kind: opts.databaseUrl === undefined ? 'pglite' : 'postgres', dataDir: opts.dataDir, sim: opts.sim });
  if (opts.databaseUrl !== undefined) {
    const base = opts.databaseUrl;
    const url = opts.sim ? suffixDatabase(base, '_sim').url : base;
    const waiting = (): void => opts.logger.info('store.waiting', { message: `waiting for the database at ${hostPort(base)}…`, waitedMs: SLOW_HANDSHAKE_MS });
    const attempt = sharedAttempt(HANDSHAKE_TIMEOUT_MS, () => (opts.sim ? noticeSlow(SLOW_HANDSHAKE_MS, () => ensureSimDatabase(base), waiting) : Promise.resolve()));
    const prepare = (): Promise<void> => attempt.run();
    try {
      if (opts.prepareNow !== false) await prepare();
    } catch (err) {
      // A server that is down at start is retried later (prepare runs again before migrating).
      if (!(err instanceof NexwaveError && err.retryable)) throw err;
    }
    const location = `postgres ${redactUrl(url)}`;
    // Opened means the server answered: logged after its first handshake, not when the pool was made.
    const onReady = (): void => opts.logger.info('store.opened', { kind: 'postgres', database: location, dataDir: opts.dataDir, sim: opts.sim });
    const store = createPostgresStore({ url, logger: opts.logger, onReady });
    return { store, location, prepare };
  }
  const dir = opts.sim ? join(opts.dataDir, 'sim', 'pglite') : join(opts.dataDir, 'pglite');
  const store = await createPgliteStore({ dataDir: dir, logger: opts.logger });
  const location = `pglite ${dir}`;
  opts.logger.info('store.opened', { kind: 'pglite', database: location, dataDir: opts.dataDir, sim: opts.sim });
  return { store, location, prepare: async () => {} };
}

/** The URL's database name with `suffix` appended (the user name when the URL names none, as libpq does). */
export function suffixDatabase(url: string, suffix: string): { url: string; database: string } {
  const u = new URL(url);
  const database = `${databaseName(url)}${suffix}`;
  u.pathname = `/${encodeURIComponent(database)}`;
  return { url: u.toString(), database };
}

/** Create `<db>_sim` next to the configured database when it does not exist yet. */
async function ensureSimDatabase(url: string): Promise<void> {
  const target = suffixDatabase(url, '_sim');
  try {
    await ensureDatabase(url, target.database);
  } catch (err) {
    if (!(err instanceof NexwaveError)) throw err;
    throw new NexwaveError(err.code, `cannot prepare simulation database: ${err.message}`, { cause: err });
  }
}
