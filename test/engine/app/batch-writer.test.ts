import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openFileJournal } from '../../../src/data/journal/index.js';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { backoffDelay, type BackoffPolicy } from '../../../src/engine/core/backoff.js';
import type { Journal } from '../../../src/engine/ports/journal.js';
import { createBatchWriter, type BatchWriterOptions } from '../../../src/engine/app/batch-writer.js';
import { FakeClock, FakeStore, MemoryDeadLetter, RecordingLogger, makeTicks } from './batch-writer-fakes.js';

const policy: BackoffPolicy = { baseMs: 100, capMs: 1_000 };

describe('batch writer (fake store, real file journal)', () => {
  let dir: string;
  let journal: Journal;
  let clock: FakeClock;
  let store: FakeStore;
  let dead: MemoryDeadLetter;
  let logger: RecordingLogger;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-writer-'));
    logger = new RecordingLogger();
    journal = await openFileJournal({ dir: join(dir, 'journal'), logger });
    clock = new FakeClock();
    store = new FakeStore();
    dead = new MemoryDeadLetter();
  });
  afterEach(async () => {
    await journal.close();
    await rm(dir, { recursive: true, force: true });
  });

  const writer = (o: Partial<BatchWriterOptions> = {}) =>
    createBatchWriter({ store, journal, deadLetter: dead, clock, logger, backoff: policy, random: () => 0.5, ...o });

  it('flushes full batches at once and a partial batch after maxDelayMs', async () => {
    const w = writer({ maxRows: 1000, maxDelayMs: 250 });
    w.push(makeTicks(2500));
    await vi.waitFor(() => expect(store.calls).toEqual([1000, 1000]));
    await clock.advance(249);
    expect(store.rows.size).toBe(2000);
    await clock.advance(1);
    await vi.waitFor(() => expect(store.rows.size).toBe(2500));
    expect(w.metrics()).toMatchObject({ received: 2500, stored: 2500, inserted: 2500, queueDepth: 0, lagMs: 0, dbState: 'up' });
    await w.stop();
  });

  it('keeps one flush in flight at a time', async () => {
    let release: () => void = () => {};
    store.gate = () => new Promise<void>((r) => (release = r));
    const w = writer({ maxRows: 100 });
    w.push(makeTicks(350));
    await vi.waitFor(() => expect(store.calls).toEqual([100]));
    w.push(makeTicks(100, 1000));
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      release();
      await vi.waitFor(() => expect(store.inFlight).toBeLessThanOrEqual(1));
    }
    await vi.waitFor(() => expect(store.rows.size).toBe(400));
    expect(store.maxInFlight).toBe(1);
    store.gate = async () => {};
    await w.stop();
    expect(store.rows.size).toBe(450);
  });

  it('retries an unavailable store with exponential backoff and jitter, then stores every tick once', async () => {
    store.down = true;
    const w = writer({ maxRows: 100, outageJournalMs: 60_000 });
    w.push(makeTicks(100));
    await vi.waitFor(() => expect(w.metrics().dbState).toBe('down'));
    for (let i = 0; i < 3; i++) await clock.advance(backoffDelay(policy, i, 0.5));
    const waits = clock.delays.slice(-4);
    expect(waits).toEqual([0, 1, 2, 3].map((n) => backoffDelay(policy, n, 0.5)));
    expect(w.metrics()).toMatchObject({ retries: 4, stored: 0, queueDepth: 100, dbState: 'down' });
    expect(w.metrics().lastError).toMatch(/STORE\.UNAVAILABLE/);
    expect(w.metrics().lastError).not.toMatch(/hunter2/);
    store.down = false;
    await clock.advance(backoffDelay(policy, 3, 0.5));
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ dbState: 'up', stored: 100, queueDepth: 0 }));
    expect(store.rows.size).toBe(100);
    expect(logger.has('writer.db_down') && logger.has('writer.db_up')).toBe(true);
    await w.stop();
  });

  it('while the store is down, journals queued ticks once the oldest waited outageJournalMs, without more pushes', async () => {
    store.down = true;
    const w = writer({ maxRows: 100, maxDelayMs: 250, outageJournalMs: 1_000 });
    w.push(makeTicks(50));
    await clock.advance(250);
    await vi.waitFor(() => expect(w.metrics().dbState).toBe('down'));
    await clock.advance(700);
    expect(w.metrics().journalRows).toBe(0);
    await clock.advance(60);
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ journalRows: 50, journaled: 50, queueDepth: 0 }));
    // Each later second of ticks follows, however few there are.
    w.push(makeTicks(3, 51));
    await clock.advance(1_000);
    await vi.waitFor(() => expect(w.metrics().journalRows).toBe(53));
    store.down = false;
    await clock.advance(2_000);
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ stored: 53, journalRows: 0, dbState: 'up' }));
    expect(store.rows.size).toBe(53);
    await w.stop();
  });

  it('a write that hangs (store neither answers nor fails) does not keep ticks in memory: the batch in flight and the queue are journaled after outageJournalMs, and stored once when it answers', async () => {
    let release: () => void = () => {};
    let hung = true;
    store.gate = () => (hung ? new Promise<void>((r) => (release = r)) : Promise.resolve());
    const w = writer({ maxRows: 100, maxDelayMs: 250, outageJournalMs: 1_000 });
    w.push(makeTicks(100));
    await vi.waitFor(() => expect(store.calls).toEqual([100]));
    w.push(makeTicks(30, 1000));
    await clock.advance(999);
    expect(w.metrics()).toMatchObject({ journalRows: 0, dbState: 'up' });
    await clock.advance(1);
    // The store never said it was down; both the hung batch and the queue are on disk.
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ journalRows: 130, journaled: 130, dbState: 'up' }));
    w.push(makeTicks(5, 2000));
    await clock.advance(1_000);
    await vi.waitFor(() => expect(w.metrics().journalRows).toBe(135));
    // The hung write finally commits; the journal replay finds those 100 stored already.
    hung = false;
    release();
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ journalRows: 0, queueDepth: 0 }));
    expect(store.rows.size).toBe(135);
    expect(w.metrics()).toMatchObject({ received: 135, stored: 135, inserted: 135, duplicates: 0 });
    await w.stop();
  });

  it('a hung write that fails after it was journaled is replayed from the journal, not kept twice', async () => {
    let fail: (e: Error) => void = () => {};
    let hung = true;
    store.gate = () => (hung ? new Promise<void>((_, reject) => (fail = reject)) : Promise.resolve());
    const w = writer({ maxRows: 100, maxDelayMs: 250, outageJournalMs: 1_000 });
    w.push(makeTicks(40));
    await clock.advance(250);
    await vi.waitFor(() => expect(store.calls).toEqual([40]));
    await clock.advance(750);
    await vi.waitFor(() => expect(w.metrics().journalRows).toBe(40));
    hung = false;
    fail(new NexwaveError('STORE.UNAVAILABLE', 'connection lost'));
    await vi.waitFor(() => expect(w.metrics().dbState).toBe('down'));
    await clock.advance(2_000);
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ journalRows: 0, queueDepth: 0, stored: 40, duplicates: 0 }));
    expect(store.calls.reduce((a, b) => a + b, 0)).toBe(80);
    await w.stop();
  });

  it('stop() with the store down journals the ticks first and does not wait on the store', async () => {
    store.down = true;
    const w = writer({ maxRows: 10, outageJournalMs: 60_000, stopTimeoutMs: 600_000 });
    w.push(makeTicks(25));
    await vi.waitFor(() => expect(w.metrics().dbState).toBe('down'));
    const calls = store.calls.length;
    // Any further store call would hang (a blackholed server); the clock never moves.
    store.gate = () => new Promise<void>(() => {});
    let stopped = false;
    void w.stop().then(() => (stopped = true));
    await vi.waitFor(() => expect(stopped).toBe(true));
    expect(store.calls.length).toBe(calls);
    expect(w.metrics()).toMatchObject({ journalRows: 25, journaled: 25 });
    expect(logger.events.find((e) => e.event === 'writer.stopped_with_journal')?.fields).toMatchObject({ rows: 25, dbState: 'down' });
  });

  it('reports the age of the oldest unwritten tick as lag', async () => {
    store.down = true;
    const w = writer({ maxRows: 10 });
    w.push(makeTicks(10));
    await clock.advance(30);
    w.push(makeTicks(5, 100));
    await clock.advance(70);
    expect(w.metrics().lagMs).toBe(100);
    expect(w.metrics().queueDepth).toBe(15);
    await w.stop();
  });

  it('spills past the memory bound, then replays the journal first and truncates it', async () => {
    store.down = true;
    const w = writer({ maxRows: 50, memoryLimitRows: 100 });
    w.push(makeTicks(60, 1));
    w.push(makeTicks(60, 61));
    await vi.waitFor(() => expect(w.metrics().journalRows).toBe(120));
    w.push(makeTicks(30, 121));
    expect(w.metrics()).toMatchObject({ journaled: 120, queueDepth: 30 });
    expect(w.metrics().journalBytes).toBeGreaterThan(0);
    store.down = false;
    await clock.advance(10_000);
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ stored: 150, journalRows: 0, journalBytes: 0, queueDepth: 0 }));
    expect(store.order.map((t) => t.tradeId)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(await readdir(join(dir, 'journal'))).toEqual([]);
    await w.stop();
  });

  it('stop() flushes a partial batch without waiting for the timer', async () => {
    const w = writer({ maxRows: 1000, maxDelayMs: 60_000 });
    w.push(makeTicks(10));
    await w.stop();
    expect(store.rows.size).toBe(10);
    expect(w.metrics()).toMatchObject({ stored: 10, queueDepth: 0 });
  });

  it('stop() journals what an unavailable store cannot take; the next writer replays it on start', async () => {
    store.down = true;
    const w = writer({ maxRows: 100 });
    w.push(makeTicks(250));
    await vi.waitFor(() => expect(w.metrics().dbState).toBe('down'));
    await w.stop();
    expect(w.metrics()).toMatchObject({ journaled: 250, journalRows: 250, stored: 0 });
    w.push(makeTicks(5, 1000));
    await vi.waitFor(() => expect(w.metrics().journalRows).toBe(255));

    await journal.close();
    journal = await openFileJournal({ dir: join(dir, 'journal'), logger });
    store.down = false;
    const next = writer({ maxRows: 100 });
    next.start();
    await vi.waitFor(() => expect(next.metrics()).toMatchObject({ stored: 255, journalRows: 0 }));
    expect(store.rows.size).toBe(255);
    await next.stop();
  });

  it('stop() cannot be held by a hung store call: after stopTimeoutMs it journals the batch in flight', async () => {
    store.gate = () => new Promise<void>(() => undefined);
    const w = writer({ maxRows: 100, stopTimeoutMs: 5_000 });
    w.push(makeTicks(150));
    await vi.waitFor(() => expect(store.calls).toEqual([100]));
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await clock.advance(4_999);
    expect(stopped).toBe(false);
    await clock.advance(1);
    await stopping;
    expect(w.metrics()).toMatchObject({ journaled: 150, journalRows: 150, queueDepth: 0 });
  });

  it('isolates rows the database rejects, dead-letters them with the error and keeps going', async () => {
    const bad = new Set([17, 500, 501]);
    store.rejects = (t) => bad.has(t.tradeId);
    const w = writer({ maxRows: 1000 });
    w.push(makeTicks(1000));
    await vi.waitFor(() => expect(w.metrics().stored).toBe(997));
    expect(dead.entries.map((e) => e.tick.tradeId).sort((a, b) => a - b)).toEqual([17, 500, 501]);
    expect(dead.entries[0]?.reason).toMatch(/STORE\.QUERY_FAILED: violates foreign key/);
    expect(w.metrics()).toMatchObject({ deadLettered: 3, dbState: 'up', queueDepth: 0 });
    expect(store.calls.length).toBeLessThan(70);
    w.push(makeTicks(10, 2000));
    await w.stop();
    expect(store.rows.size).toBe(1007);
  });

  it('does not dead-letter rows when the database is in fact down (a misreported outage)', async () => {
    store.rejects = () => true;
    store.ping = async () => {
      throw new NexwaveError('STORE.UNAVAILABLE', 'connection terminated');
    };
    const w = writer({ maxRows: 8 });
    w.push(makeTicks(8));
    await vi.waitFor(() => expect(w.metrics().dbState).toBe('down'));
    expect(dead.entries).toEqual([]);
    expect(w.metrics()).toMatchObject({ queueDepth: 8, deadLettered: 0 });
  });

  it('never throws from push, also after stop (late ticks go to the journal)', async () => {
    const w = writer();
    await w.stop();
    expect(() => w.push(makeTicks(3))).not.toThrow();
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ received: 3, journaled: 3, journalRows: 3 }));
  });

  it('counts duplicates instead of storing them twice', async () => {
    const w = writer({ maxRows: 10 });
    w.push(makeTicks(10));
    w.push(makeTicks(10));
    await vi.waitFor(() => expect(w.metrics()).toMatchObject({ inserted: 10, duplicates: 10, stored: 20 }));
    // The rate counts complete seconds: the commits' second is in once it has passed.
    await clock.advance(1_000);
    expect(w.metrics().rowsPerSecond).toBe(20 / 5);
    await w.stop();
  });
});
