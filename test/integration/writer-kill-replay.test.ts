import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileDeadLetter, openFileJournal } from '../../src/data/journal/index.js';
import { createPostgresStore, type PostgresStore } from '../../src/data/postgres/index.js';
import { createBatchWriter } from '../../src/engine/app/batch-writer.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { RecordingLogger } from '../engine/app/batch-writer-fakes.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';
import { expectStoredExactlyOnce, generateTicks } from './writer-checks.js';

if (!hasPg) process.stdout.write('[writer-kill-replay] SKIPPED: set TEST_DATABASE_URL to run the kill-and-replay test\n');

const READY = 10_000;

/** Start the child writer; resolves once it reports READY ticks journaled. */
function startChild(dir: string, unavailableUrl: string): Promise<{ kill: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', './test/fixtures/writer-ts-register.mjs', 'test/fixtures/writer-child.ts', join(dir, 'journal'), String(READY), unavailableUrl],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let killing = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (!killing) reject(new Error(`child exited early (${code ?? signal}): ${stderr}`));
    });
    child.stdout.on('data', (b: Buffer) => {
      if (!b.toString().includes('"ready"')) return;
      resolve({
        kill: async () => {
          killing = true;
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

describe.skipIf(!hasPg)('writer killed with its ticks in the journal, replayed by the next writer', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: PostgresStore;
  let dir: string;

  beforeAll(async () => {
    db = await createTempDatabase('nxk');
    store = createPostgresStore({ url: db.url, max: 2 });
    await store.migrate();
    dir = await mkdtemp(join(tmpdir(), 'nx-writer-kill-'));
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores every journaled tick exactly once after SIGKILL mid-append', async () => {
    // The child's database does not exist (the server refuses it: STORE.UNAVAILABLE).
    const absent = new URL(db.url);
    absent.pathname = `${absent.pathname}_absent`;
    const child = await startChild(dir, absent.toString());
    // Let it append a little more so the kill lands while it is writing.
    await new Promise((r) => setTimeout(r, 60));
    await child.kill();

    const logger = new RecordingLogger();
    const journal = await openFileJournal({ dir: join(dir, 'journal'), logger });
    const held = journal.size().rows;
    expect(held).toBeGreaterThanOrEqual(READY);
    expect(held).toBeLessThan(READY + 20_000);
    const writer = createBatchWriter({
      store,
      journal,
      deadLetter: createFileDeadLetter(join(dir, 'dead-letter.jsonl')),
      clock: systemClock,
      logger: silentLogger,
      maxRows: 5_000,
    });
    writer.start();
    const deadline = Date.now() + 60_000;
    while (writer.metrics().journalRows > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await writer.stop();
    await journal.close();

    expect(writer.metrics()).toMatchObject({ journalRows: 0, deadLettered: 0, stored: held, dbState: 'up' });
    // Appends are ordered and a torn record can only be the last, so the journal held a prefix.
    await expectStoredExactlyOnce(store, generateTicks(held));
  });
});
