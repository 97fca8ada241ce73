import { NexwaveError } from '../../engine/core/errors.js';
import { maskUrlPasswords, urlPasswords } from '../../engine/core/url-secrets.js';

/** SQLSTATEs that mean "the server is not there for us right now", not "your SQL is wrong". */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01', '40P01']);
/**
 * undefined_table, invalid_schema_name, undefined_column, undefined_function: the schema is gone
 * or not ours (database recreated, restored from another version), never a row's own fault.
 */
export const SCHEMA_STATES = new Set(['42P01', '3F000', '42703', '42883']);
/** Socket and postgres.js connection-level error codes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
]);

/** A secret-free description of a connection URL: "postgres host:port/db". */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const out = `postgres ${u.hostname}:${u.port || '5432'}${u.pathname}`;
    // A raw `/` or `?` in a password moves part of it into what WHATWG calls the path.
    return urlPasswords(url).some((s) => out.includes(s)) ? 'postgres (URL not shown: it does not parse cleanly)' : out;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/**
 * Remove the URL's password (raw and percent-decoded, found as postgres.js finds it) and any
 * URL password from `text`. A raw `%`, `@`, `/` or `:` in the password must not defeat it.
 */
export function makeRedactor(url: string): (text: string) => string {
  const secrets = urlPasswords(url).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = maskUrlPasswords(text);
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
}

/**
 * Classify a postgres.js failure as a NexwaveError: connection trouble is STORE.UNAVAILABLE
 * (retryable), anything the server rejected is STORE.QUERY_FAILED. Messages are redacted.
 * A missing database (3D000) stays retryable (someone may create it) and carries
 * `missingDatabaseHint`, which says how.
 */
export function toStoreError(err: unknown, description: string, redact: (s: string) => string, missingDatabaseHint?: string): NexwaveError {
  if (err instanceof NexwaveError) return err;
  const e = err as { code?: unknown; message?: unknown; detail?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const base = typeof e.message === 'string' ? e.message : String(err);
  const detail = typeof e.detail === 'string' && e.detail ? ` (${e.detail})` : '';
  const message = redact(`${base}${detail}`);
  const isServer = e.name === 'PostgresError';
  const unavailable = isServer ? code.startsWith('08') || UNAVAILABLE_STATES.has(code) : UNAVAILABLE_CODES.has(code);
  const hint = isServer && code === '3D000' && missingDatabaseHint ? `; ${missingDatabaseHint}` : '';
  if (unavailable) return new NexwaveError('STORE.UNAVAILABLE', `${description} unavailable: ${message}${hint}`);
  if (isServer && SCHEMA_STATES.has(code)) return new NexwaveError('STORE.SCHEMA_MISSING', `${description}: ${message} [${code}]`);
  return new NexwaveError('STORE.QUERY_FAILED', `${description}: ${message}${isServer && code ? ` [${code}]` : ''}`);
}
