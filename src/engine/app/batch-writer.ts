import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import type { Tick } from '../core/types.js';
import { settlesWithin, wakeableSleep, type Clock, type WakeableSleep } from '../ports/clock.js';
import type { Journal } from '../ports/journal.js';
import type { Logger } from '../ports/logger.js';
import { commitBatch, describeError, type CommitDeps, type CommitOutcome } from './batch-writer-commit.js';
import { TickQueue, type QueuedBatch } from './batch-writer-queue.js';
import { createRateMeter } from '../core/rate-meter.js';
import type { BatchWriter, BatchWriterOptions, WriterMetrics } from './batch-writer-types.js';

export type { InsertFn } from './batch-writer-commit.js';
export type { BatchWriter, BatchWriterOptions, WriterMetrics } from './batch-writer-types.js';

/**
 * The tick writer. Flushes on `maxRows` rows or `maxDelayMs`, one batch in flight at
 * a time. While the store is unavailable it retries with exponential backoff and
 * jitter. Whatever the store's state, once the oldest unwritten tick (queued, or in a
 * write that has not returned: a hung connection fails nothing for up to the call's
 * deadline) has waited `outageJournalMs` (about a second), or past `memoryLimitRows`,
 * the writer journals it, so a kill loses at most that second; the journal is replayed
 * oldest first, then the memory queue. A write that was journaled while in flight and
 * then stored anyway replays as duplicates (ON CONFLICT DO NOTHING), which are not
 * counted as stored twice. Rows the store rejects are isolated and dead-lettered
 * (batch-writer-commit.ts).
 */
export function createBatchWriter(opts: BatchWriterOptions): BatchWriter {
  return new TickWriter(opts);
}

type Counters = { -readonly [K in 'received' | 'stored' | 'inserted' | 'duplicates' | 'journaled' | 'deadLettered' | 'retries']: number };
interface Spill {
  readonly rows: number;
  readonly since: number;
  readonly done: Promise<void>;
}

class TickWriter implements BatchWriter {
  private readonly journal: Journal;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private readonly memoryLimitRows: number;
  private readonly outageJournalMs: number;
  private cancelSpillTimer: (() => void) | null = null;
  private readonly stopTimeoutMs: number;
  private readonly policy: BackoffPolicy;
  private readonly random: () => number;
  private readonly deps: CommitDeps;
  private readonly queue = new TickQueue();
  private readonly rate = createRateMeter();
  private readonly c: Counters = { received: 0, stored: 0, inserted: 0, duplicates: 0, journaled: 0, deadLettered: 0, retries: 0 };
  private dbState: 'up' | 'down' = 'up';
  private lastError: string | null = null;
  private attempt = 0;
  private inflight: QueuedBatch | null = null;
  /** The batch in flight was copied to the journal (it hung past outageJournalMs). */
  private inflightJournaled = false;
  /** Rows both stored by a write and journaled while it was in flight: their replay finds them stored. */
  private echoes = 0;
  private spill: Spill | null = null;
  private spillBlockedUntil = 0;
  /** Arrival time of the oldest journaled tick of this run (lag), null when the journal is empty. */
  private journalSince: number | null = null;
  private journalBlocked = false;
  private pumping: Promise<void> | null = null;
  private cancelFlushTimer: (() => void) | null = null;
  private readonly waits: WakeableSleep;
  private stopping = false;
  private stopped: Promise<void> | null = null;

  constructor(opts: BatchWriterOptions) {
    this.journal = opts.journal;
    this.clock = opts.clock;
    this.waits = wakeableSleep(opts.clock);
    this.logger = opts.logger;
    this.maxRows = opts.maxRows ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 250;
    this.memoryLimitRows = opts.memoryLimitRows ?? 200_000;
    this.outageJournalMs = opts.outageJournalMs ?? 1_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
    this.policy = opts.backoff ?? DEFAULT_BACKOFF;
    this.random = opts.random ?? Math.random;
    const store = opts.store;
    const insert = opts.insert ?? ((t: readonly Tick[]) => store.insertTicks(t));
    this.deps = { insert, store, deadLetter: opts.deadLetter, logger: opts.logger };
  }

  start(): void {
    const held = this.journal.size();
    if (held.rows === 0) return;
    this.journalSince = this.clock.now();
    this.logger.info('writer.journal_found', { rows: held.rows, bytes: held.bytes, journal: this.journal.location });
    this.kick();
  }

  push(ticks: readonly Tick[]): void {
    if (ticks.length === 0) return;
    this.c.received += ticks.length;
    if (this.stopping) {
      this.lateToJournal(ticks);
      return;
    }
    this.queue.push(ticks, this.clock.now());
    this.maybeSpill();
    if (this.queue.depth >= this.maxRows) this.kick();
    else this.armTimer();
  }

  stop(): Promise<void> {
    if (this.stopped) return this.stopped;
    this.stopping = true;
    this.cancelFlushTimer?.();
    this.cancelFlushTimer = null;
    this.cancelSpillTimer?.();
    this.cancelSpillTimer = null;
    this.waits.wake();
    this.stopped = this.finish();
    return this.stopped;
  }

  metrics(): WriterMetrics {
    const now = this.clock.now();
    const since = [this.inflight?.since, this.queue.oldestSince, this.spill?.since, this.journalSince];
    const oldest = since.filter((t): t is number => typeof t === 'number');
    const held = this.journal.size();
    return {
      queueDepth: this.queue.depth + (this.inflight?.ticks.length ?? 0) + (this.spill?.rows ?? 0),
      lagMs: oldest.length === 0 ? 0 : Math.max(0, now - Math.min(...oldest)),
      rowsPerSecond: this.rate.perSecond(now),
      ...this.c,
      journalBytes: held.bytes,
      journalRows: held.rows,
      dbState: this.dbState,
      lastError: this.lastError,
    };
  }

  /** Start the write loop unless it runs (or we are stopping). */
  private kick(): void {
    if (this.pumping || this.stopping) return;
    this.cancelFlushTimer?.();
    this.cancelFlushTimer = null;
    this.pumping = this.pump()
      .catch((err: unknown) => this.fail('writer.pump_failed', err))
      .finally(() => {
        this.pumping = null;
        if (!this.stopping && (this.due() || this.journalPending())) this.kick();
        else this.armTimer();
      });
  }

  /** The only place batches are written from: journal first, then memory, one at a time. */
  private async pump(): Promise<void> {
    while (!this.stopping) {
      const ok = this.journalPending() ? await this.replayJournal() : this.due() ? await this.writeFromQueue() : null;
      if (ok === null) return;
      if (!ok && !this.stopping) {
        this.maybeSpill();
        await this.backoffWait();
      }
    }
  }

  private due(): boolean {
    const oldest = this.queue.oldestSince;
    return this.queue.depth >= this.maxRows || (oldest !== null && this.clock.now() - oldest >= this.maxDelayMs);
  }

  private journalPending(): boolean {
    return !this.journalBlocked && this.journal.size().rows > 0;
  }

  /** Flush a partial batch when its oldest tick has waited maxDelayMs. */
  private armTimer(): void {
    const oldest = this.queue.oldestSince;
    if (this.cancelFlushTimer || this.pumping || this.stopping || oldest === null) return;
    const wait = Math.max(0, oldest + this.maxDelayMs - this.clock.now());
    this.cancelFlushTimer = this.clock.setTimer(wait, () => {
      this.cancelFlushTimer = null;
      this.kick();
    });
  }

  /** Wait before the next attempt; `stop` cuts the wait short. */
  private backoffWait(): Promise<void> {
    const delay = backoffDelay(this.policy, this.attempt++, this.random());
    this.c.retries++;
    this.logger.debug('writer.retry', { attempt: this.attempt, delayMs: delay });
    return this.waits.sleep(delay);
  }

  /** Write one batch from memory; false when the store is unavailable. */
  private async writeFromQueue(): Promise<boolean> {
    const batch = this.queue.take(this.maxRows);
    if (!batch) return true;
    this.inflight = batch;
    this.armSpillTimer();
    const out = await commitBatch(this.deps, batch.ticks);
    // A copy being appended is settled first: on failure the batch is not in the journal.
    if (this.inflightJournaled) await this.spill?.done;
    const journaled = this.inflightJournaled;
    this.inflight = null;
    this.inflightJournaled = false;
    this.account(out);
    // Journaled meanwhile: what was not stored is replayed from there, not kept twice.
    if (journaled) this.echoes += out.inserted + out.duplicates;
    if (!out.retry || journaled) return out.retry === null;
    const parts = out.retry.remaining;
    for (let i = parts.length - 1; i >= 0; i--) this.queue.unshift({ ticks: parts[i] ?? [], since: batch.since });
    return false;
  }

  /** Replay the journal into the store; false when the store went away meanwhile. */
  private async replayJournal(): Promise<boolean> {
    let ok = true;
    let replayed = 0;
    try {
      for await (const batch of this.journal.replay(this.maxRows)) {
        const out = await commitBatch(this.deps, batch);
        this.account(this.withoutEchoes(out));
        // Unwritten parts stay in the journal: breaking leaves their segment unconsumed.
        ok = out.retry === null;
        if (!ok || this.stopping) break;
        replayed += batch.length;
      }
    } catch (err) {
      // A damaged journal must not wedge live writes; it stays on disk for the operator.
      this.journalBlocked = true;
      this.fail('writer.journal_blocked', err);
    }
    await this.journal.truncate().catch((err: unknown) => {
      // Without truncation the same records would replay forever: stop replaying.
      this.journalBlocked = true;
      this.fail('writer.journal_truncate_failed', err);
    });
    if (this.journal.size().rows === 0) this.journalSince = null;
    if (replayed > 0) this.logger.info('writer.journal_replayed', { rows: replayed, journal: this.journal.location });
    return ok;
  }

  private account(out: CommitOutcome): void {
    this.c.inserted += out.inserted;
    this.c.duplicates += out.duplicates;
    this.c.stored += out.inserted + out.duplicates;
    this.c.deadLettered += out.rejected;
    this.rate.mark(this.clock.now(), out.inserted + out.duplicates);
    if (out.retry) {
      this.lastError = describeError(out.retry.error);
      if (this.dbState === 'up') this.logger.warn('writer.db_down', { error: this.lastError, queued: this.queue.depth });
      this.dbState = 'down';
      this.armSpillTimer();
    } else {
      if (this.dbState === 'down') this.logger.info('writer.db_up', { retries: this.attempt });
      this.dbState = 'up';
      this.attempt = 0;
    }
  }

  /** Replayed rows that a hung write stored after they were journaled are not stored twice. */
  private withoutEchoes(out: CommitOutcome): CommitOutcome {
    const echo = Math.min(this.echoes, out.duplicates);
    if (echo === 0) return out;
    this.echoes -= echo;
    return { ...out, duplicates: out.duplicates - echo };
  }

  /** Arrival time of the oldest tick not yet stored nor journaled, or null. */
  private oldestUnwritten(): number | null {
    const queued = this.queue.oldestSince;
    const flying = this.inflight && !this.inflightJournaled ? this.inflight.since : null;
    if (queued === null) return flying;
    return flying === null ? queued : Math.min(queued, flying);
  }

  private fail(event: string, err: unknown): void {
    this.lastError = describeError(err);
    this.logger.error(event, { error: this.lastError, journal: this.journal.location });
  }

  /** Spill when memory is full, or when the oldest unwritten tick has waited long enough (store down or hung). */
  private maybeSpill(): void {
    if (this.spill || this.stopping) return;
    const now = this.clock.now();
    const oldest = this.oldestUnwritten();
    const waited = oldest !== null && now - oldest >= this.outageJournalMs;
    if (now >= this.spillBlockedUntil && (this.queue.depth > this.memoryLimitRows || waited)) this.spill = this.spillAll();
    else this.armSpillTimer();
  }

  /** Wake up when the oldest unwritten tick is due for the journal. */
  private armSpillTimer(): void {
    const oldest = this.oldestUnwritten();
    if (this.cancelSpillTimer || this.spill || this.stopping || oldest === null) return;
    const due = Math.max(oldest + this.outageJournalMs, this.spillBlockedUntil);
    this.cancelSpillTimer = this.clock.setTimer(Math.max(0, due - this.clock.now()), () => {
      this.cancelSpillTimer = null;
      this.maybeSpill();
    });
  }

  /**
   * Move every queued tick to the journal, and copy the batch in flight there (it stays in
   * flight); on failure the queued ones go back to memory and the copy is forgotten.
   */
  private spillAll(): Spill {
    const flying = this.inflight && !this.inflightJournaled ? this.inflight : null;
    if (flying) this.inflightJournaled = true;
    const batches = this.queue.drain();
    const ticks = [...(flying?.ticks ?? []), ...batches.flatMap((b) => b.ticks)];
    const since = Math.min(flying?.since ?? Infinity, batches[0]?.since ?? Infinity, this.clock.now());
    const saved = (): void => {
      this.c.journaled += ticks.length;
      this.journalSince ??= since;
      this.logger.warn('writer.spilled', { rows: ticks.length, journal: this.journal.location, journalRows: this.journal.size().rows });
    };
    const failed = (err: unknown): void => {
      // Never drop: keep them in memory and try the spill again a little later.
      this.spillBlockedUntil = this.clock.now() + 1000;
      this.fail('writer.spill_failed', err);
      if (flying && this.inflight === flying) this.inflightJournaled = false;
      for (let i = batches.length - 1; i >= 0; i--) this.queue.unshift(batches[i] as QueuedBatch);
    };
    const done = this.journal.append(ticks).then(saved, failed).finally(() => {
      this.spill = null;
      this.armSpillTimer();
      // The pump may have gone idle while the spill ran (nothing queued, journal not yet
      // grown): wake it, or the journaled ticks would wait for the next push.
      this.kick();
    });
    return { rows: ticks.length, since, done };
  }

  /** Ticks pushed after `stop` began: straight to the journal, never dropped silently. */
  private lateToJournal(ticks: readonly Tick[]): void {
    this.journal.append(ticks).then(
      () => void (this.c.journaled += ticks.length),
      (err: unknown) => this.logger.error('writer.late_ticks_lost', { rows: ticks.length, error: describeError(err) }),
    );
  }

  /**
   * Final drain: one attempt per batch; what the store cannot take is journaled. With the
   * store down, the ticks in memory are journaled first, before waiting on anything. A
   * store call that hangs (a half-open connection) cannot hold `stop` for more than
   * `stopTimeoutMs`: the batch in flight is journaled too (if it commits after all, its
   * replay is a harmless duplicate).
   */
  private async finish(): Promise<void> {
    await this.spill?.done;
    if (this.dbState === 'down') await this.journalQueue(false);
    let abandoned = false;
    const drained = (async () => {
      await this.pumping;
      await this.spill?.done;
      while (this.queue.depth > 0 && !abandoned && this.dbState === 'up') if (!(await this.writeFromQueue())) break;
    })();
    abandoned = !(await settlesWithin(this.clock, this.stopTimeoutMs, drained));
    if (!abandoned) await drained; // a drain that failed says so
    // A batch in flight that was journaled already is not journaled twice.
    if (abandoned && this.inflight && !this.inflightJournaled) this.queue.unshift(this.inflight);
    if (abandoned) this.inflight = null;
    await this.journalQueue(abandoned);
  }

  /** Journal everything queued (at stop). */
  private async journalQueue(timedOut: boolean): Promise<void> {
    const ticks = this.queue.drain().flatMap((b) => b.ticks);
    if (ticks.length === 0) return;
    await this.journal.append(ticks);
    this.c.journaled += ticks.length;
    this.logger.warn('writer.stopped_with_journal', { rows: ticks.length, journal: this.journal.location, timedOut, dbState: this.dbState });
  }
}
