import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileDeadLetter, openFileJournal } from '../../src/data/journal/index.js';
import { createPostgresStore, type PostgresStore } from '../../src/data/postgres/index.js';
import { createBatchWriter } from '../../src/engine/app/batch-writer.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import type { Journal } from '../../src/engine/ports/journal.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';
import { expectStoredExactlyOnce, generateTicks } from './writer-checks.js';

if (!hasPg) process.stdout.write('[writer-pg-faults] SKIPPED: set TEST_DATABASE_URL to run the PostgreSQL fault tests\n');

describe.skipIf(!hasPg)('batch writer on PostgreSQL with connections killed mid-write', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: PostgresStore;
  let admin: postgres.Sql;
  let dir: string;
  let journal: Journal;

  beforeAll(async () => {
    db = await createTempDatabase('nxw');
    store = createPostgresStore({ url: db.url, max: 4 });
    await store.migrate();
    admin = postgres(db.url, { max: 1, onnotice: () => undefined });
    dir = await mkdtemp(join(tmpdir(), 'nx-writer-pg-'));
    journal = await openFileJournal({ dir: join(dir, 'journal'), logger: silentLogger });
  });
  afterAll(async () => {
    await journal?.close();
    await store?.close();
    await admin?.end();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * Kill the writer's backends that are busy (in a statement or a transaction); returns how
   * many were killed. Connections still starting up (postgres.js fetching array types) are
   * spared: killing one there trips an upstream unhandled rejection in postgres.js 3.4.9
   * (https://github.com/porsager/postgres/issues/1192, #1223) that is not the writer's to fix.
   */
  const killWriterConnections = async (): Promise<number> => {
    const rows = await admin`
      SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND state IN ('active', 'idle in transaction') AND query NOT LIKE '%typarray%'
        AND backend_start < now() - interval '300 milliseconds'`;
    return rows.filter((r) => r.killed === true).length;
  };

  it('stores each of 100k ticks exactly once through repeated pg_terminate_backend', async () => {
    const ticks = generateTicks(100_000);
    const writer = createBatchWriter({
      store,
      journal,
      deadLetter: createFileDeadLetter(join(dir, 'dead-letter.jsonl')),
      clock: systemClock,
      logger: silentLogger,
      insert: (t) => store.insertTicks(t),
      maxRows: 2_000,
      backoff: { baseMs: 20, capMs: 200 },
    });
    let kills = 0;
    const pushing = (async () => {
      for (let i = 0; i < ticks.length; i += 500) {
        writer.push(ticks.slice(i, i + 500));
        if (i % 10_000 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // Kill while writes are in flight, several times, spread over the run.
    const deadline = Date.now() + 30_000;
    while (kills < 4 && Date.now() < deadline) {
      const n = await killWriterConnections();
      kills += n;
      await new Promise((r) => setTimeout(r, n > 0 ? 350 : 5));
    }
    await pushing;
    await vi.waitFor(() => expect(writer.metrics()).toMatchObject({ queueDepth: 0, journalRows: 0 }), { timeout: 60_000 });
    await writer.stop();
    const m = writer.metrics();
    expect(kills).toBeGreaterThanOrEqual(4);
    expect(m.retries).toBeGreaterThan(0);
    expect(m).toMatchObject({ received: 100_000, deadLettered: 0, queueDepth: 0, journalRows: 0, dbState: 'up' });
    // A batch whose commit raced the kill is retried: its rows then count as duplicates.
    expect(m.inserted).toBeLessThanOrEqual(100_000);
    expect(m.inserted + m.duplicates).toBe(m.stored);
    const dupes = await admin`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM ticks GROUP BY symbol, time, trade_id HAVING count(*) > 1) d`;
    expect(dupes[0]?.n).toBe(0);
    await expectStoredExactlyOnce(store, ticks);
  });
});
