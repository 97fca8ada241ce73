import type { BackoffPolicy } from '../core/backoff.js';
import type { Tick } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { DeadLetterSink, Journal } from '../ports/journal.js';
import type { Logger } from '../ports/logger.js';
import type { TickSink } from '../ports/store.js';
import type { InsertFn } from './batch-writer-commit.js';

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
  readonly store: TickSink;
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
  /** Journal unwritten ticks (queued, or in a write that has not returned) once the oldest has waited this long (default 1000 ms), whatever the store's state. */
  readonly outageJournalMs?: number;
  /** Longest `stop` waits on a store call in flight before journaling it (default 10 s). */
  readonly stopTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Jitter source in [0, 1); injected so backoff timing is testable. */
  readonly random?: () => number;
  /** How a batch is inserted (e.g. store.insertTicks under a timeout); defaults to `store.insertTicks`. */
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
