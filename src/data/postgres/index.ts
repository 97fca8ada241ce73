import postgres from 'postgres';
import { silentLogger, type Logger } from '../../engine/ports/logger.js';
import type { Store } from '../../engine/ports/store.js';
import { createSqlStore } from '../sql/sql-store.js';
import { createDatabaseHint } from './ensure-database.js';
import { createHandshakeGate, HANDSHAKE_TIMEOUT_MS, type HandshakeGate } from './handshake.js';
import { deadline, systemClock } from '../../engine/ports/clock.js';
import { poolClient } from './pg-client.js';
import { describeUrl, makeRedactor, toStoreError } from './pg-errors.js';
import { NexwaveError } from '../../engine/core/errors.js';
import type { SqlClient } from '../sql/sql-client.js';

/**
 * The PostgreSQL store. Ticks go in through `insertTicks` (unnest): postgres.js COPY crashed
 * the process when its connection died mid-stream (porsager/postgres #1154) and was no faster
 * for the writer's batches, so there is no COPY path.
 */
export type PostgresStore = Store;

export interface PostgresStoreOptions {
  readonly url: string;
  readonly logger?: Logger;
  /** Pool size (default 10). */
  readonly max?: number;
  /** Another migrations directory (tests). */
  readonly migrationsDir?: string;
  /** How long a server has to complete the startup handshake (default 5 s). */
  readonly handshakeTimeoutMs?: number;
  /** How long any other call may take before the caller gives up on it (default 60 s). */
  readonly callTimeoutMs?: number;
  /** Called once, when the server first completed the handshake (the store is open then, not before). */
  readonly onReady?: () => void;
}

/** Arbitrary but fixed: every Nexwave process migrating one database queues on this key. */
const MIGRATION_LOCK_KEY = 7_318_204_551;

/**
 * Store over a PostgreSQL server (postgres.js). Connections are lazy: an unreachable server
 * surfaces as STORE.UNAVAILABLE (retryable) on the first call, with the password redacted.
 * Every call has a deadline: the server must first prove it speaks PostgreSQL (see
 * handshake.ts), then answer within `callTimeoutMs` (migrations excepted: they may wait on
 * another process's migration lock).
 */
export function createPostgresStore(opts: PostgresStoreOptions): PostgresStore {
  const logger = opts.logger ?? silentLogger;
  const description = describeUrl(opts.url);
  const redact = makeRedactor(opts.url);
  const missingDatabaseHint = createDatabaseHint(opts.url);
  let gate: HandshakeGate | null = null;
  /** Closing: calls still failing are the caller's to report; the store says nothing more. */
  let closed = false;
  const mapError = (err: unknown): Error => {
    const e = toStoreError(err, description, redact, missingDatabaseHint);
    if (e.code === 'STORE.UNAVAILABLE') {
      gate?.reset();
      if (!closed) logger.warn('store.unavailable', { store: description, message: e.message });
    }
    return e;
  };
  gate = createHandshakeGate(opts.url, opts.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS, mapError, {
    // Said early, not only at the deadline: a start waiting on a silent server is never silent.
    waiting: (where, waitedMs) => logger.info('store.waiting', { message: `waiting for the database at ${where}…`, waitedMs }),
    ready: opts.onReady,
  });
  // int8 (counts, ids) as JS numbers: ids stay far below 2^53.
  const types = { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } };
  const connect = (max: number): postgres.Sql =>
    postgres(opts.url, {
      max,
      connect_timeout: 10,
      onnotice: () => undefined,
      types,
    });
  const sql = connect(opts.max ?? 10);
  const client = gated(poolClient(sql, mapError), gate, opts.callTimeoutMs ?? 60_000, description);
  const store = createSqlStore({
    kind: 'postgres',
    description,
    client,
    migrationsDir: opts.migrationsDir,
    close: async () => {
      closed = true;
      await gate?.close();
      await sql.end({ timeout: 5 });
    },
    // A session advisory lock needs every statement on one connection: a one-connection pool
    // of its own gives that, transactions included, and ends with the migration.
    withMigrationLock: async (fn) => {
      await gate.ensure();
      const single = connect(1);
      const locked = poolClient(single, mapError);
      try {
        await locked.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          return await fn(locked);
        } finally {
          await locked.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        }
      } finally {
        await single.end({ timeout: 5 });
      }
    },
  });
  return store;
}

/** Every call waits for the handshake gate, then for at most `ms`. */
function gated(client: SqlClient, gate: HandshakeGate, ms: number, description: string): SqlClient {
  const late = (): Error => {
    gate.reset();
    return new NexwaveError('STORE.UNAVAILABLE', `${description}: no answer within ${ms / 1000} s`);
  };
  const bound = async <T>(fn: () => Promise<T>): Promise<T> => {
    await gate.ensure();
    return deadline(systemClock, ms, fn(), late);
  };
  return {
    query: (text, params) => bound(() => client.query(text, params)),
    exec: (script) => bound(() => client.exec(script)),
    transaction: (fn) => bound(() => client.transaction(fn)),
  };
}
