/**
 * The database comes back without its schema (dropped and recreated): `relation "ticks" does
 * not exist` is a storage outage, not bad rows. The writer keeps the ticks, the schema is
 * rebuilt (migrations and the pairs the ticks refer to), and every tick is stored; nothing
 * is dead-lettered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileDeadLetter, openFileJournal } from '../../src/data/journal/index.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { createPostgresStore } from '../../src/data/postgres/index.js';
import { createBatchWriter } from '../../src/engine/app/batch-writer.js';
import { withSchema } from '../../src/engine/app/ensure-schema.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import type { Store } from '../../src/engine/ports/store.js';
import { RecordingLogger } from '../engine/app/batch-writer-fakes.js';
import { createTempDatabase, hasPg, TEST_DATABASE_URL } from '../helpers/pg.js';
import { generateTicks } from './writer-checks.js';

describe.skipIf(!hasPg)('database recreated empty under a running writer (PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let raw: Store;
  beforeAll(async () => {
    db = await createTempDatabase('nxschema');
    dir = await mkdtemp(join(tmpdir(), 'nx-schema-'));
    raw = createPostgresStore({ url: db.url, max: 2 });
  });
  afterAll(async () => {
    await raw?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds the schema and stores every tick; nothing is dead-lettered', async () => {
    const logger = new RecordingLogger();
    const store = withSchema(raw, undefined, { logger, onRebuilt: async (s) => s.upsertPairs(await pairs) });
    await store.migrate();
    const pairs = store.loadPairs();
    const journal = await openFileJournal({ dir: join(dir, 'journal'), logger });
    const writer = createBatchWriter({
      store, journal, deadLetter: createFileDeadLetter(join(dir, 'dead-letter.jsonl')), clock: systemClock, logger,
      maxRows: 200, maxDelayMs: 20, backoff: { baseMs: 50, capMs: 300 },
    });
    const ticks = generateTicks(2_000);
    writer.push(ticks.slice(0, 1_000));
    await vi.waitFor(() => expect(writer.metrics().stored).toBe(1_000), { timeout: 20_000 });
    const name = new URL(db.url).pathname.slice(1);
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    for (let i = 1_000; i < 2_000; i += 100) writer.push(ticks.slice(i, i + 100));
    await vi.waitFor(() => expect(writer.metrics().stored).toBe(2_000), { timeout: 30_000, interval: 100 });
    await writer.stop();
    await journal.close();
    expect(writer.metrics()).toMatchObject({ deadLettered: 0, journalRows: 0 });
    expect(await store.countTicks()).toBe(1_000);
    expect(logger.has('store.schema_missing') && logger.has('store.schema_rebuilt')).toBe(true);
  }, 60_000);
});

describe('a missing table on the embedded database', () => {
  it('is STORE.SCHEMA_MISSING (retryable), not a row the database rejects', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nx-schema-pglite-'));
    const store = await createPgliteStore({ dataDir: join(dir, 'pglite') });
    try {
      // Never migrated: the tables are not there.
      await expect(store.insertTicks(generateTicks(3))).rejects.toMatchObject({ code: 'STORE.SCHEMA_MISSING', retryable: true });
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
