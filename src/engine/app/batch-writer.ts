import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import type { Tick } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { DeadLetterSink, Journal } from '../ports/journal.js';
import type { Logger } from '../ports/logger.js';
import type { Store } from '../ports/store.js';
import { commitBatch, describeError, type CommitOutcome, type InsertFn } from './batch-writer-commit.js';
import { TickQueue, type QueuedBatch } from './batch-writer-queue.js';
import { RateWindow } from './batch-writer-rate.js';

export type { InsertFn } from './batch-writer-commit.js';

/** What the UI and the headless summary show about the writer. */
export interface WriterMetrics {
  /** Ticks in memory not yet committed (queued, in flight, or being spilled). */
  readonly queueDepth: number;
  /** Age (ms) of the oldest tick not yet committed, journal included; 0 when none. */
  readonly lagMs: number;
  /** Rows committed per second over the last few seconds. */
  readonly rowsPerSecond: number;
  /** Ticks handed to `push`. */
  readonly received: number;
  /** Rows the database accepted (inserted + duplicates), journal replays included. */
  readonly stored: number;
  readonly inserted: number;
  /** Rows already present (a retried or replayed batch); not errors. */
  readonly duplicates: number;
  /** Ticks ever appended to the journal. */
  readonly journaled: number;
  /** Rows the database rejected for good; they are in the dead-letter file. */
  readonly deadLettered: number;
  /** Failed attempts followed by a backoff wait. */
  readonly retries: number;
  readonly journalBytes: number;
  readonly journalRows: number;
  readonly dbState: 'up' | 'down';
  /** Last error text (credentials masked), or null. */
  readonly lastError: string | null;
}

export interface BatchWriterOptions {
  readonly store: Store;
  readonly journal: Journal;
  readonly deadLetter: DeadLetterSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Flush when this many rows are queued (also the batch size). */
  readonly maxRows?: number;
  /** Flush a partial batch once its oldest tick waited this long. */
  readonly maxDelayMs?: number;
  /** Past this many ticks in memory, spill them to the journal. */
  readonly memoryLimitRows?: number;
  readonly backoff?: BackoffPolicy;
  /** Jitter source in [0, 1); injected so backoff timing is testable. */
  readonly random?: () => number;
  /** Bulk insert path (e.g. PostgreSQL COPY); defaults to `store.insertTicks`. */
  readonly insert?: InsertFn;
}

/** Buffers ticks and writes them to the store in batches; see createBatchWriter. */
export interface BatchWriter {
  /** Replay any journal left by an earlier process, in the background. */
  start(): void;
  /** Queue ticks. Never throws, never drops (after `stop`, ticks go to the journal). */
  push(ticks: readonly Tick[]): void;
  /** Write (or journal) everything queued, then resolve. Rejects only if ticks could be saved nowhere. */
  stop(): Promise<void>;
  metrics(): WriterMetrics;
}

/**
 * The tick writer (issue 2, item 6). Flushes on `maxRows` rows or `maxDelayMs`,
 * one batch in flight at a time. While the store is unavailable it keeps the
 * ticks, retries with exponential backoff and jitter, and past
 * `memoryLimitRows` spills to the journal; when the store is back it replays
 * the journal oldest first, then the memory queue. Rows the store rejects are
 * isolated and dead-lettered (batch-writer-commit.ts).
 */
export function createBatchWriter(opts: BatchWriterOptions): BatchWriter {
  const { store, journal, clock, logger } = opts;
  const maxRows = opts.maxRows ?? 1000;
  const maxDelayMs = opts.maxDelayMs ?? 250;
  const memoryLimitRows = opts.memoryLimitRows ?? 200_000;
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const random = opts.random ?? Math.random;
  const deps = { insert: opts.insert ?? ((t: readonly Tick[]) => store.insertTicks(t)), store, deadLetter: opts.deadLetter, logger };

  const queue = new TickQueue();
  const rate = new RateWindow();
  const c = { received: 0, stored: 0, inserted: 0, duplicates: 0, journaled: 0, deadLettered: 0, retries: 0 };
  let dbState: 'up' | 'down' = 'up';
  let lastError: string | null = null;
  let attempt = 0;
  let inflight: QueuedBatch | null = null;
  let spill: { rows: number; since: number; done: Promise<void> } | null = null;
  let spillBlockedUntil = 0;
  let journalSince: number | null = null;
  let journalBlocked = false;
  let pumping: Promise<void> | null = null;
  let cancelFlushTimer: (() => void) | null = null;
  let wake: (() => void) | null = null;
  let stopping = false;
  let stopped: Promise<void> | null = null;

  const account = (out: CommitOutcome): void => {
    c.inserted += out.inserted;
    c.duplicates += out.duplicates;
    c.stored += out.inserted + out.duplicates;
    c.deadLettered += out.rejected;
    rate.add(clock.now(), out.inserted + out.duplicates);
    if (out.retry) markDown(out.retry.error);
    else markUp();
  };
  const markDown = (err: unknown): void => {
    lastError = describeError(err);
    if (dbState === 'up') logger.warn('writer.db_down', { error: lastError, queued: queue.depth });
    dbState = 'down';
  };
  const markUp = (): void => {
    if (dbState === 'down') logger.info('writer.db_up', { retries: attempt });
    dbState = 'up';
    attempt = 0;
  };

  /** Wait before the next attempt; `stop` cuts the wait short. */
  const backoffWait = (): Promise<void> => {
    const delay = backoffDelay(policy, attempt++, random());
    c.retries++;
    logger.debug('writer.retry', { attempt, delayMs: delay });
    return new Promise((resolve) => {
      const cancel = clock.setTimer(delay, () => done());
      const done = (): void => {
        cancel();
        wake = null;
        resolve();
      };
      wake = done;
    });
  };

  const requeue = (parts: readonly (readonly Tick[])[], since: number): void => {
    for (let i = parts.length - 1; i >= 0; i--) queue.unshift({ ticks: parts[i] ?? [], since });
  };

  /** Write one batch from memory; false when the store is unavailable. */
  const writeFromQueue = async (): Promise<boolean> => {
    const batch = queue.take(maxRows);
    if (!batch) return true;
    inflight = batch;
    const out = await commitBatch(deps, batch.ticks);
    inflight = null;
    account(out);
    if (out.retry) requeue(out.retry.remaining, batch.since);
    return out.retry === null;
  };

  /** Replay the journal into the store; false when the store went away meanwhile. */
  const replayJournal = async (): Promise<boolean> => {
    let ok = true;
    let replayed = 0;
    try {
      for await (const batch of journal.replay(maxRows)) {
        const out = await commitBatch(deps, batch);
        account(out);
        // Unwritten parts stay in the journal: the segment is not consumed.
        if (out.retry || stopping) {
          ok = out.retry === null;
          break;
        }
        replayed += batch.length;
      }
    } catch (err) {
      // A damaged journal must not wedge live writes; it is kept for the operator.
      journalBlocked = true;
      lastError = describeError(err);
      logger.error('writer.journal_blocked', { error: lastError, journal: journal.location });
    }
    await journal.truncate().catch((err: unknown) => {
      // Without truncation the same records would replay forever: stop replaying.
      journalBlocked = true;
      lastError = describeError(err);
      logger.error('writer.journal_truncate_failed', { error: lastError, journal: journal.location });
    });
    if (journal.size().rows === 0) journalSince = null;
    if (replayed > 0) logger.info('writer.journal_replayed', { rows: replayed, journal: journal.location });
    return ok;
  };

  const journalPending = (): boolean => !journalBlocked && journal.size().rows > 0;
  const due = (): boolean => {
    const oldest = queue.oldestSince;
    return queue.depth >= maxRows || (oldest !== null && clock.now() - oldest >= maxDelayMs);
  };

  const pump = async (): Promise<void> => {
    while (!stopping) {
      const ok = journalPending() ? await replayJournal() : due() ? await writeFromQueue() : null;
      if (ok === null) return;
      if (!ok && !stopping) {
        maybeSpill();
        await backoffWait();
      }
    }
  };

  const kick = (): void => {
    if (pumping || stopping) return;
    cancelFlushTimer?.();
    cancelFlushTimer = null;
    pumping = pump()
      .catch((err: unknown) => {
        lastError = describeError(err);
        logger.error('writer.pump_failed', { error: lastError });
      })
      .finally(() => {
        pumping = null;
        if (!stopping && (due() || journalPending())) kick();
        else armTimer();
      });
  };

  /** Flush a partial batch when its oldest tick has waited maxDelayMs. */
  const armTimer = (): void => {
    const oldest = queue.oldestSince;
    if (cancelFlushTimer || pumping || stopping || oldest === null) return;
    const wait = Math.max(0, oldest + maxDelayMs - clock.now());
    cancelFlushTimer = clock.setTimer(wait, () => {
      cancelFlushTimer = null;
      kick();
    });
  };

  const maybeSpill = (): void => {
    if (spill || queue.depth <= memoryLimitRows || clock.now() < spillBlockedUntil) return;
    spill = spillAll();
  };

  /** Move every queued tick to the journal; on failure they go back to memory. */
  const spillAll = (): { rows: number; since: number; done: Promise<void> } => {
    const batches = queue.drain();
    const ticks = batches.flatMap((b) => b.ticks);
    const since = batches[0]?.since ?? clock.now();
    const done = journal.append(ticks).then(
      () => {
        c.journaled += ticks.length;
        journalSince ??= since;
        logger.warn('writer.spilled', { rows: ticks.length, journal: journal.location, journalRows: journal.size().rows });
      },
      (err: unknown) => {
        // Never drop: keep them in memory and retry the spill a little later.
        spillBlockedUntil = clock.now() + 1000;
        lastError = describeError(err);
        logger.error('writer.spill_failed', { rows: ticks.length, error: lastError });
        for (let i = batches.length - 1; i >= 0; i--) queue.unshift(batches[i] as QueuedBatch);
      },
    );
    const entry = { rows: ticks.length, since, done: done.finally(() => (spill = null)) };
    return entry;
  };

  const push = (ticks: readonly Tick[]): void => {
    if (ticks.length === 0) return;
    c.received += ticks.length;
    if (stopping) {
      lateToJournal(ticks);
      return;
    }
    queue.push(ticks, clock.now());
    maybeSpill();
    if (queue.depth >= maxRows) kick();
    else armTimer();
  };

  /** Ticks pushed after `stop` began: straight to the journal, never dropped silently. */
  const lateToJournal = (ticks: readonly Tick[]): void => {
    journal.append(ticks).then(
      () => {
        c.journaled += ticks.length;
      },
      (err: unknown) => logger.error('writer.late_ticks_lost', { rows: ticks.length, error: describeError(err) }),
    );
  };

  /** Final drain: one attempt per batch; what the store cannot take is journaled. */
  const finish = async (): Promise<void> => {
    await pumping;
    await spill?.done;
    while (queue.depth > 0) if (!(await writeFromQueue())) break;
    if (queue.depth === 0) return;
    const ticks = queue.drain().flatMap((b) => b.ticks);
    await journal.append(ticks);
    c.journaled += ticks.length;
    logger.warn('writer.stopped_with_journal', { rows: ticks.length, journal: journal.location });
  };

  const stop = (): Promise<void> => {
    if (stopped) return stopped;
    stopping = true;
    cancelFlushTimer?.();
    cancelFlushTimer = null;
    wake?.();
    stopped = finish();
    return stopped;
  };

  const start = (): void => {
    const held = journal.size();
    if (held.rows === 0) return;
    journalSince = clock.now();
    logger.info('writer.journal_found', { rows: held.rows, bytes: held.bytes, journal: journal.location });
    kick();
  };

  const metrics = (): WriterMetrics => {
    const now = clock.now();
    const oldest = [inflight?.since, queue.oldestSince, spill?.since, journalSince].filter((t): t is number => typeof t === 'number');
    const held = journal.size();
    return {
      queueDepth: queue.depth + (inflight?.ticks.length ?? 0) + (spill?.rows ?? 0),
      lagMs: oldest.length === 0 ? 0 : Math.max(0, now - Math.min(...oldest)),
      rowsPerSecond: rate.perSecond(now),
      ...c,
      journalBytes: held.bytes,
      journalRows: held.rows,
      dbState,
      lastError,
    };
  };

  return { start, push, stop, metrics };
}
