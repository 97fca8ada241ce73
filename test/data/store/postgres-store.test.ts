import { createServer } from 'node:net';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { createPostgresStore } from '../../../src/data/postgres/index.js';
import { createTempDatabase, hasPg } from '../../helpers/pg.js';
import type { OpenHarness } from './harness.js';
import { makeTicks } from './reference-candles.js';
import { storeContract, tradingContract } from './store-contract.js';

const openPg: OpenHarness = async (migrationsDir) => {
  const db = await createTempDatabase('nxstore');
  const raw = postgres(db.url, { max: 1, onnotice: () => undefined });
  let store = createPostgresStore({ url: db.url, migrationsDir });
  return {
    get store() {
      return store;
    },
    async reopen(dir) {
      await store.close();
      store = createPostgresStore({ url: db.url, migrationsDir: dir });
      return store;
    },
    raw: async (text, params = []) => [...(await raw.unsafe(text, params as never[]))],
    async dispose() {
      await store.close();
      await raw.end();
      await db.drop();
    },
  };
};

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe.skipIf(!hasPg)('postgres store', () => {
  storeContract('postgres', openPg);
  tradingContract('postgres', openPg);

  it('lets two processes migrate one fresh database at once', async () => {
    const db = await createTempDatabase('nxstore');
    const a = createPostgresStore({ url: db.url, max: 2 });
    const b = createPostgresStore({ url: db.url, max: 2 });
    try {
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      expect(ra.applied.length + rb.applied.length).toBe(6);
      expect([ra.applied.length, rb.applied.length]).toContain(0);
      expect(await a.loadPairs()).toHaveLength(34);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await db.drop();
    }
  });

});

describe('postgres store without a server', () => {
  it('reports an unreachable database as retryable STORE.UNAVAILABLE without the password', async () => {
    const port = await closedPort();
    const store = createPostgresStore({ url: `postgres://nexwave:s3cret-Pw@127.0.0.1:${port}/nexwave` });
    try {
      expect(store.description).toBe(`postgres 127.0.0.1:${port}/nexwave`);
      for (const call of [() => store.ping(), () => store.migrate(), () => store.insertTicks(makeTicks('BTC', 0, 1, 1))]) {
        const err = await call().then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(NexwaveError);
        expect(err).toMatchObject({ code: 'STORE.UNAVAILABLE', retryable: true });
        expect((err as Error).message).not.toContain('s3cret');
      }
    } finally {
      await store.close();
    }
  });
});
