/**
 * A database that hangs (the connection stays open, nothing comes back: a half-open network)
 * fails no call for up to its deadline. The writer must not keep ticks in memory meanwhile:
 * rows unwritten for about a second are journaled whatever the database's state, a SIGKILL
 * then loses at most that second, and when the database answers again every tick is stored
 * exactly once (the hung write and the journal replay of the same rows).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileDeadLetter, openFileJournal } from '../../src/data/journal/index.js';
import { createPostgresStore } from '../../src/data/postgres/index.js';
import { createBatchWriter } from '../../src/engine/app/batch-writer.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { hasPg } from '../helpers/pg.js';
import { tempDatabaseBehindProxy } from '../helpers/tcp-proxy.js';
import { expectStoredExactlyOnce, generateTicks } from './writer-checks.js';

if (!hasPg) process.stdout.write('[writer-db-hang] SKIPPED: set TEST_DATABASE_URL to run the hung-database tests\n');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasPg)('batch writer on a PostgreSQL connection that hangs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-db-hang-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('journals within about a second of the freeze and stores every tick exactly once after it', async () => {
    const { db, proxy, url } = await tempDatabaseBehindProxy('nxhang');
    const store = createPostgresStore({ url, max: 1 });
    const journal = await openFileJournal({ dir: join(dir, 'in-process'), logger: silentLogger });
    try {
      await store.migrate();
      const writer = createBatchWriter({ store, journal, deadLetter: createFileDeadLetter(join(dir, 'dl.jsonl')), clock: systemClock, logger: silentLogger });
      const ticks = generateTicks(1_000);
      let pushed = 0;
      const push = (n: number): void => {
        writer.push(ticks.slice(pushed, pushed + n));
        pushed += n;
      };
      for (let i = 0; i < 5; i++) (push(20), await sleep(100));
      await vi.waitFor(() => expect(writer.metrics().stored).toBe(100), { timeout: 10_000 });
      proxy.freeze();
      const frozenAt = Date.now();
      const marks: Array<{ at: number; pushed: number }> = [];
      while (Date.now() - frozenAt < 2_500) {
        push(20);
        marks.push({ at: Date.now(), pushed });
        await sleep(100);
      }
      // Everything pushed more than 1.2 s ago is on disk, though no call has failed.
      const due = marks.filter((m) => m.at <= Date.now() - 1_200).at(-1)?.pushed ?? 0;
      expect(due).toBeGreaterThan(100);
      expect(writer.metrics().journalRows).toBeGreaterThanOrEqual(due - 100);
      expect(writer.metrics().dbState).toBe('up');
      proxy.thaw();
      await vi.waitFor(() => expect(writer.metrics()).toMatchObject({ queueDepth: 0, journalRows: 0, stored: pushed }), { timeout: 30_000 });
      await writer.stop();
      await expectStoredExactlyOnce(store, ticks.slice(0, pushed));
    } finally {
      await journal.close();
      await store.close();
      await db.drop();
    }
  }, 60_000);

  it('a SIGKILL two seconds into the hang loses at most about a second of ticks', async () => {
    const { db, proxy, url } = await tempDatabaseBehindProxy('nxhangk');
    const journalDir = join(dir, 'child');
    const child = spawn(process.execPath, ['--import', './test/fixtures/writer-ts-register.mjs', 'test/fixtures/hang-child.ts', journalDir, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const marks = (): Array<{ pushed: number; at: number }> => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { pushed: number; at: number });
    const store = createPostgresStore({ url: db.url, max: 1 });
    try {
      await vi.waitFor(() => expect(marks().at(-1)?.pushed ?? 0, err).toBeGreaterThanOrEqual(200), { timeout: 30_000 });
      proxy.freeze();
      await sleep(2_000);
      child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      const held = new Set<number>();
      const journal = await openFileJournal({ dir: journalDir, logger: silentLogger });
      for await (const batch of journal.replay(1_000)) for (const t of batch) held.add(t.tradeId);
      await journal.close();
      for (const symbol of ['BTC', 'ETH', 'SOL']) for (const t of await store.findTicks(symbol, 0, Date.now() * 2)) held.add(t.tradeId);
      // Every tick pushed more than 1.2 s before the kill is in the database or the journal.
      const due = marks().filter((m) => m.at <= killedAt - 1_200).at(-1)?.pushed ?? 0;
      expect(due).toBeGreaterThanOrEqual(200);
      const missing = generateTicks(due).filter((t) => !held.has(t.tradeId)).map((t) => t.tradeId);
      expect(missing).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      proxy.thaw();
      await store.close();
      await db.drop();
    }
  }, 60_000);
});
