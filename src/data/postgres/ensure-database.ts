/**
 * Creating a database needs a connection to another one on the same server: the
 * configured database may not exist yet. PostgreSQL clusters always have a maintenance
 * database (`postgres`, created by initdb; `template1` where it was dropped), which is
 * what `createdb` itself connects to.
 */
import type postgres from 'postgres';
import { NexwaveError } from '../../engine/core/errors.js';
import { HANDSHAKE_TIMEOUT_MS, hostPort, withShortClient } from './handshake.js';
import { deadline, systemClock } from '../../engine/ports/clock.js';
import { makeRedactor } from './pg-errors.js';
import { errorMessage } from '../../engine/core/error-message.js';

const MAINTENANCE = ['postgres', 'template1'];
/** Socket, postgres.js and SQLSTATE class 08 codes that mean "could not talk to the server". */
const CONNECTION = /^(ECONN|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|CONNECT_TIMEOUT|CONNECTION_)|^08|^57P0/;

/** The database a URL names; like libpq, the user name when it names none. */
export function databaseName(url: string): string {
  const u = new URL(url);
  return decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
}

/** One line telling a user how to create `name` on the server of `url` (no password). */
export function createDatabaseHint(url: string, name?: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'create the database first (createdb <name>)';
  }
  name ??= databaseName(url);
  const user = u.username ? ` -U ${decodeURIComponent(u.username)}` : '';
  const quoted = `"${name.replaceAll('"', '""')}"`;
  return `create it with: createdb -h ${u.hostname} -p ${u.port || '5432'}${user} ${name}  (or in psql: CREATE DATABASE ${quoted};)`;
}

const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
};

/**
 * Create database `name` on the server of `url` unless it exists. Tried from each
 * maintenance database, then from the configured one (a server may refuse connections to
 * `postgres` for this user); a server that does not answer stops the attempt at once.
 */
export async function ensureDatabase(url: string, name: string, ms = HANDSHAKE_TIMEOUT_MS): Promise<'created' | 'exists'> {
  const candidates = [...new Set([...MAINTENANCE, databaseName(url)])];
  let first: unknown;
  for (const from of candidates) {
    try {
      return await withShortClient(withDatabase(url, from), ms, (sql) => createUnlessExists(sql, url, name));
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      // 42P04: another process created it between our check and our CREATE.
      if (code === '42P04') return 'exists';
      first ??= err;
      if (err instanceof NexwaveError || CONNECTION.test(code)) break;
    }
  }
  throw ensureDatabaseError(url, name, first);
}

async function createUnlessExists(sql: postgres.Sql, url: string, name: string): Promise<'created' | 'exists'> {
  // Past the handshake the server is known to answer; CREATE DATABASE may still take a while.
  const late = (): Error => new NexwaveError('STORE.UNAVAILABLE', `${hostPort(url)}: no answer within 60 s`);
  const found = await deadline(systemClock, 60_000, sql`SELECT 1 FROM pg_database WHERE datname = ${name}`, late);
  if (found.length > 0) return 'exists';
  await deadline(systemClock, 60_000, sql.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`), late);
  return 'created';
}

function ensureDatabaseError(url: string, name: string, err: unknown): NexwaveError {
  if (err instanceof NexwaveError) return err;
  const message = makeRedactor(url)(errorMessage(err));
  const code = (err as { code?: string }).code ?? '';
  const where = `cannot create database ${name} on ${hostPort(url)}: ${message}`;
  if (CONNECTION.test(code)) return new NexwaveError('STORE.UNAVAILABLE', where, { cause: err });
  return new NexwaveError('STORE.QUERY_FAILED', `${where}; ${createDatabaseHint(url, name)}`, { cause: err });
}
