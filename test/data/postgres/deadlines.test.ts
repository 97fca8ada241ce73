/**
 * The PostgreSQL store's deadlines: a peer that is not PostgreSQL fails every call within
 * the handshake deadline (one probe shared by concurrent callers, remembered as long as it
 * took), and a call the server never answers fails within the call deadline.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../../src/data/postgres/index.js';
import { createTempDatabase, hasPg } from '../../helpers/pg.js';
import { recordingLogger } from '../control-socket/harness.js';

const listen = (server: Server | HttpServer): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

describe('a peer that is not PostgreSQL', () => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  const http = createHttpServer((_req, res) => res.end('hello'));
  let silentPort = 0;
  let httpPort = 0;
  beforeAll(async () => {
    silentPort = await listen(silent);
    httpPort = await listen(http);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    http.closeAllConnections();
    await Promise.all([new Promise((r) => silent.close(r)), new Promise((r) => http.close(r))]);
  });

  it.each([
    ['an HTTP server', () => httpPort],
    ['a silent TCP peer', () => silentPort],
  ])('%s: every kind of call fails with STORE.UNAVAILABLE naming host:port', async (_name, port) => {
    const store = createPostgresStore({ url: `postgres://nx:pw@127.0.0.1:${port()}/db`, handshakeTimeoutMs: 1_000 });
    try {
      const message = `waiting for the database at 127.0.0.1:${port()}: no PostgreSQL handshake after 1 s`;
      for (const call of [() => store.migrate(), () => store.loadPairs(), () => store.ping()]) {
        await expect(call()).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE', retryable: true, message });
      }
    } finally {
      await store.close();
    }
  });

  it('concurrent callers share one probe, and its failure answers the next call without a new connection', async () => {
    const before = sockets.length;
    const store = createPostgresStore({ url: `postgres://nx@127.0.0.1:${silentPort}/db`, handshakeTimeoutMs: 2_000 });
    try {
      const calls = [store.loadPairs(), store.lastTicks(), store.ping()].map((p) => p.then(() => 'ok', (e: Error) => e.message));
      expect(new Set(await Promise.all(calls)).size).toBe(1);
      expect(sockets.length - before).toBe(1);
      await expect(store.loadPairs()).rejects.toThrow('no PostgreSQL handshake after 2 s');
      expect(sockets.length - before).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('the first handshake is visible', () => {
  const sockets: Socket[] = [];
  const silent = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  let port = 0;
  beforeAll(async () => {
    port = await listen(silent);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it('a silent server: "waiting for the database at host:port…" after about 1 s, long before the deadline; never opened', async () => {
    const logger = recordingLogger();
    let ready = 0;
    const store = createPostgresStore({ url: `postgres://nx@127.0.0.1:${port}/db`, handshakeTimeoutMs: 4_000, logger, onReady: () => void (ready += 1) });
    try {
      const started = performance.now();
      const call = store.loadPairs().catch((e: Error) => e);
      await vi.waitFor(() => expect(logger.lines.map((l) => l.event)).toContain('store.waiting'), { timeout: 3_500, interval: 20 });
      const saidAfter = performance.now() - started;
      expect(saidAfter).toBeGreaterThanOrEqual(900);
      expect(saidAfter).toBeLessThan(3_500);
      expect(logger.lines.find((l) => l.event === 'store.waiting')?.fields.message).toBe(`waiting for the database at 127.0.0.1:${port}…`);
      expect(await call).toMatchObject({ code: 'STORE.UNAVAILABLE' });
      expect(ready).toBe(0);
    } finally {
      await store.close();
    }
  });

  it.skipIf(!hasPg)('a real server: onReady (store.opened) once, after the first handshake and not when the store is made', async () => {
    const db = await createTempDatabase('nxready');
    let ready = 0;
    const store = createPostgresStore({ url: db.url, onReady: () => void (ready += 1) });
    try {
      expect(ready).toBe(0);
      await store.ping();
      expect(ready).toBe(1);
      await store.ping();
      expect(ready).toBe(1);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});

describe.skipIf(!hasPg)('a server that does not answer a call', () => {
  it('fails the call after callTimeoutMs with STORE.UNAVAILABLE', async () => {
    const db = await createTempDatabase('nxdeadline');
    const store = createPostgresStore({ url: db.url, callTimeoutMs: 1_000 });
    const locker = postgres(db.url, { max: 1, onnotice: () => undefined });
    try {
      await store.migrate();
      // Another session holds an exclusive lock on pairs: loadPairs waits for it.
      const holding = locker.begin(async (tx) => {
        await tx`LOCK TABLE pairs IN ACCESS EXCLUSIVE MODE`;
        await tx`SELECT pg_sleep(5)`;
      });
      const admin = postgres(db.url, { max: 1, onnotice: () => undefined });
      await vi.waitFor(async () => {
        const [row] = await admin`SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'pairs'::regclass AND mode = 'AccessExclusiveLock' AND granted`;
        expect(row?.n).toBe(1);
      }, { timeout: 10_000, interval: 50 });
      await admin.end();
      await expect(store.loadPairs()).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE', message: `${store.description}: no answer within 1 s` });
      await holding;
      expect(await store.loadPairs()).toHaveLength(34);
    } finally {
      await store.close();
      await locker.end();
      await db.drop();
    }
  });
});
