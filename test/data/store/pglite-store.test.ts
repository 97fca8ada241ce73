import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import type { Store } from '../../../src/engine/ports/store.js';
import { createPgliteStore } from '../../../src/data/pglite/index.js';
import { LOCK_FILE, MARKER_FILE } from '../../../src/data/pglite/data-dir.js';
import type { OpenHarness } from './harness.js';
import { makeTicks } from './reference-candles.js';
import { storeContract, tradingContract } from './store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'nexwave-pglite-'));
let n = 0;
const freshDir = (): string => join(root, `db${++n}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const openPglite: OpenHarness = async (migrationsDir) => {
  const dataDir = freshDir();
  let dir = migrationsDir;
  let store: Store = await createPgliteStore({ dataDir, migrationsDir });
  return {
    get store() {
      return store;
    },
    async reopen(d) {
      await store.close();
      dir = d;
      store = await createPgliteStore({ dataDir, migrationsDir: d });
      return store;
    },
    // PGlite allows one owner per directory: step the store aside for the raw look.
    async raw(text, params = []) {
      await store.close();
      const db = await PGlite.create({ dataDir });
      try {
        return (await db.query<Record<string, unknown>>(text, params)).rows;
      } finally {
        await db.close();
        store = await createPgliteStore({ dataDir, migrationsDir: dir });
      }
    },
    dispose: () => store.close(),
  };
};

const dataDirError = async (dataDir: string): Promise<NexwaveError> => {
  const err = await createPgliteStore({ dataDir }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(NexwaveError);
  expect(err).toMatchObject({ code: 'STORE.DATA_DIR_INVALID', retryable: false });
  expect((err as Error).message).toContain(dataDir);
  expect((err as Error).message).toContain('--data-dir');
  return err as NexwaveError;
};

storeContract('pglite', openPglite);
tradingContract('pglite', openPglite);

describe('pglite store: data dir', () => {
  it('persists across reopen and marks the directory as ours', async () => {
    const dataDir = freshDir();
    const a = await createPgliteStore({ dataDir });
    await a.migrate();
    await a.insertTicks(makeTicks('BTC', Date.UTC(2025, 10, 14), 50, 5));
    await a.close();
    expect(existsSync(join(dataDir, MARKER_FILE))).toBe(true);
    const b = await createPgliteStore({ dataDir });
    try {
      expect((await b.migrate()).applied).toEqual([]);
      expect(await b.countTicks('BTC')).toBe(50);
      expect(b.description).toBe(`pglite ${dataDir}`);
    } finally {
      await b.close();
    }
  });

  it('lets one store at a time own a directory, and takes over a dead owner\'s lock', async () => {
    const dataDir = freshDir();
    const a = await createPgliteStore({ dataDir });
    const err = await createPgliteStore({ dataDir }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE.DATA_DIR_INVALID' });
    expect((err as Error).message).toContain(`in use by another Nexwave store (pid ${process.pid})`);
    await a.close();
    await a.close();
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dataDir, LOCK_FILE), `${deadPid}\n`);
    const b = await createPgliteStore({ dataDir });
    await b.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('refuses a foreign directory without touching it', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'holiday.jpg'), 'not a database');
    const err = await dataDirError(dataDir);
    expect(err.message).toContain('not a Nexwave data directory');
    expect(existsSync(join(dataDir, MARKER_FILE))).toBe(false);
  });

  it('reports a corrupted or incompatible database directory', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, MARKER_FILE), JSON.stringify({ app: 'nexwave-console' }));
    writeFileSync(join(dataDir, 'PG_VERSION'), '9.6\n');
    mkdirSync(join(dataDir, 'base'));
    writeFileSync(join(dataDir, 'base', 'garbage'), 'x'.repeat(1000));
    const err = await dataDirError(dataDir);
    expect(err.message).toContain('corrupted or from an incompatible version');
  });

  it('keeps the calling thread responsive while the database works', async () => {
    const store = await createPgliteStore({ dataDir: freshDir() });
    try {
      await store.migrate();
      const ticks = makeTicks('ETH', Date.UTC(2025, 10, 14), 20_000, 9);
      let beats = 0;
      const timer = setInterval(() => beats++, 10);
      const started = Date.now();
      expect(await store.insertTicks(ticks)).toEqual({ inserted: ticks.length });
      const elapsed = Date.now() - started;
      clearInterval(timer);
      // Had PGlite run on this thread, no interval could fire until the insert finished.
      expect(elapsed).toBeGreaterThan(100);
      expect(beats).toBeGreaterThan(elapsed / 10 / 2);
    } finally {
      await store.close();
    }
  });
});
