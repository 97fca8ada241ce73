import { NexwaveError } from '../../engine/core/errors.js';

/** SQLSTATEs that mean "the server is not there for us right now", not "your SQL is wrong". */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '28000', '28P01', '40P01']);
/** Socket and postgres.js connection-level error codes. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED',
]);

/** A secret-free description of a connection URL: "postgres host:port/db". */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/** Remove the URL's password (raw and percent-decoded) and any user:password@ from `text`. */
export function makeRedactor(url: string): (text: string) => string {
  let secrets: string[] = [];
  try {
    const raw = new URL(url).password;
    secrets = [raw, decodeURIComponent(raw)].filter((s) => s.length > 0);
  } catch {
    secrets = [];
  }
  return (text) => {
    let out = text.replace(/\/\/[^@/\s]*@/g, '//***@');
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
  return new NexwaveError('STORE.QUERY_FAILED', `${description}: ${message}${isServer && code ? ` [${code}]` : ''}`);
}
