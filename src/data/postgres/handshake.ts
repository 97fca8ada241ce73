/**
 * Deadlines for a PostgreSQL server that may not be one. postgres.js bounds a connection
 * attempt with `connect_timeout`, but a peer that answers with something else (an HTTP
 * server replies and closes) makes it reconnect at once, in a loop, for as long as a query
 * waits: the query never settles. So before the pool is used, and again after any
 * connection failure, a probe connection must finish the startup handshake within a
 * deadline; past it the probe is destroyed (which ends the loop) and the caller gets a
 * retryable STORE.UNAVAILABLE that says what it waited for and where.
 */
import postgres from 'postgres';
import { NexwaveError } from '../../engine/core/errors.js';
import { deadline, systemClock } from '../../engine/ports/clock.js';

/** How long a server has to complete the startup handshake. */
export const HANDSHAKE_TIMEOUT_MS = 5_000;

/** "127.0.0.1:5432": where a URL points, without user or password. */
export function hostPort(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** The error every caller sees when a server does not complete the handshake in time. */
export function noHandshake(url: string, ms: number): NexwaveError {
  return new NexwaveError('STORE.UNAVAILABLE', `waiting for the database at ${hostPort(url)}: no PostgreSQL handshake after ${ms / 1000} s`);
}

/**
 * Run `fn` on a fresh one-connection client once its handshake finished within `ms`; the
 * client is always ended (destroyed at once when the handshake timed out).
 */
export async function withShortClient<T>(url: string, ms: number, fn: (sql: postgres.Sql) => Promise<T>, onOpen?: (sql: postgres.Sql) => void): Promise<T> {
  // postgres.js's own connect timeout is set past ours, so a silent peer always gets our message.
  const sql = postgres(url, { max: 1, connect_timeout: Math.ceil(ms / 1000) + 1, onnotice: () => undefined, fetch_types: false });
  onOpen?.(sql);
  let late = false;
  try {
    await deadline(systemClock, ms, sql`SELECT 1`, () => noHandshake(url, ms), () => (late = true));
    return await fn(sql);
  } finally {
    await sql.end({ timeout: late ? 0 : 5 }).catch(() => undefined);
  }
}

/** Shared gate: callers wait for one probe; a success is remembered until `reset()`. */
export interface HandshakeGate {
  /** Resolve once the server has answered a handshake (probing it when not known good). */
  ensure(): Promise<void>;
  /** Forget the last success (after a connection-level failure). */
  reset(): void;
  /** Destroy a probe in flight (the store is closing; nobody waits for it any more). */
  close(): Promise<void>;
}

/**
 * `fn` shared and remembered: concurrent callers wait for one run; a success is kept until
 * `reset()`; a failure answers every call for as long as that attempt took (at most
 * `maxMs`), so callers fail at once, as on a refused port, instead of each waiting out its
 * own deadline in turn, while a refused port (which fails at once) is retried at once.
 */
export function sharedAttempt(maxMs: number, fn: () => Promise<void>): { run(): Promise<void>; reset(): void } {
  let good = false;
  let running: Promise<void> | null = null;
  let failed: { readonly error: unknown; readonly until: number } | null = null;
  return {
    run() {
      if (good) return Promise.resolve();
      if (failed && performance.now() < failed.until) return Promise.reject(failed.error);
      const started = performance.now();
      running ??= fn()
        .then(
          () => void ((good = true), (failed = null)),
          (error: unknown) => {
            const now = performance.now();
            failed = { error, until: now + Math.min(maxMs, now - started) };
            throw error;
          },
        )
        .finally(() => (running = null));
      return running;
    },
    reset() {
      good = false;
    },
  };
}

/** How long a handshake may take before the wait is said (the deadline itself is HANDSHAKE_TIMEOUT_MS). */
export const SLOW_HANDSHAKE_MS = 1_000;

/** What the gate says about the first handshake: still waiting after `SLOW_HANDSHAKE_MS`, and done. */
export interface HandshakeEvents {
  /** The first handshake is taking a while (said once per attempt, until the first success). */
  waiting?(where: string, waitedMs: number): void;
  /** The first handshake completed: the server speaks PostgreSQL. */
  ready?(): void;
}

/** Run `fn`; if it is still running after `ms`, call `slow` once. */
export async function noticeSlow<T>(ms: number, fn: () => Promise<T>, slow: () => void): Promise<T> {
  const timer = setTimeout(slow, ms);
  try {
    return await fn();
  } finally {
    clearTimeout(timer);
  }
}

export function createHandshakeGate(url: string, ms: number, mapError: (err: unknown) => Error, events: HandshakeEvents = {}): HandshakeGate {
  let probe: postgres.Sql | null = null;
  let readyOnce = false;
  const probeOnce = (): Promise<void> => withShortClient(url, ms, async () => undefined, (sql) => (probe = sql));
  const attempt = sharedAttempt(ms, () =>
    (readyOnce ? probeOnce() : noticeSlow(SLOW_HANDSHAKE_MS, probeOnce, () => events.waiting?.(hostPort(url), SLOW_HANDSHAKE_MS))).then(
      () => {
        probe = null;
        if (readyOnce) return;
        readyOnce = true;
        events.ready?.();
      },
      (err: unknown) => {
        probe = null;
        throw mapError(err);
      },
    ),
  );
  return {
    ensure: () => attempt.run(),
    reset: () => attempt.reset(),
    async close() {
      await probe?.end({ timeout: 0 }).catch(() => undefined);
    },
  };
}
