import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFileDeadLetter, openFileJournal } from '../../src/data/journal/index.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { createBatchWriter } from '../../src/engine/app/batch-writer.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import type { Journal } from '../../src/engine/ports/journal.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import type { Store } from '../../src/engine/ports/store.js';
import { expectStoredExactlyOnce, generateTicks } from './writer-checks.js';

describe('batch writer on PGlite', () => {
  let dir: string;
  let store: Store;
  let journal: Journal;
  const writer = () =>
    createBatchWriter({
      store,
      journal,
      deadLetter: createFileDeadLetter(join(dir, 'dead-letter.jsonl')),
      clock: systemClock,
      logger: silentLogger,
      maxRows: 2_000,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-writer-pglite-'));
    store = await createPgliteStore({ dataDir: join(dir, 'db') });
    await store.migrate();
    journal = await openFileJournal({ dir: join(dir, 'journal'), logger: silentLogger });
  });
  afterAll(async () => {
    await journal?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stores 20k ticks exactly once with candles that add up, then replays a leftover journal', async () => {
    const ticks = generateTicks(25_000);
    const first = writer();
    for (let i = 0; i < 20_000; i += 700) first.push(ticks.slice(i, Math.min(i + 700, 20_000)));
    await first.stop();
    expect(first.metrics()).toMatchObject({ received: 20_000, inserted: 20_000, queueDepth: 0, journalRows: 0 });
    await expectStoredExactlyOnce(store, ticks.slice(0, 20_000));

    // A journal left by a killed process, overlapping 1k ticks already stored.
    await journal.append(ticks.slice(19_000));
    const next = writer();
    next.start();
    await vi.waitFor(() => expect(next.metrics().journalRows).toBe(0), { timeout: 30_000 });
    await next.stop();
    expect(next.metrics()).toMatchObject({ inserted: 5_000, duplicates: 1_000, deadLettered: 0 });
    await expectStoredExactlyOnce(store, ticks);
  });
});
