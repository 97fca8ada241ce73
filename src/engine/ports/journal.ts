import type { Tick } from '../core/types.js';

/** Size of what a journal holds and has not yet been truncated. */
export interface JournalSize {
  readonly bytes: number;
  readonly rows: number;
}

/**
 * Append-only, crash-safe spill space for ticks the database cannot take yet.
 * Implemented by `src/data/journal` (files in the data dir).
 *
 * Protocol used by the batch writer: `append` while the database is down; when
 * it is back, iterate `replay`, commit each batch to the store BEFORE pulling
 * the next one, then call `truncate`, which discards only records whose every
 * batch was pulled past (so an interrupted replay loses nothing; replaying a
 * record twice is harmless because the store ignores duplicates).
 */
export interface Journal {
  /** Where the records live (shown to the operator; no secrets). */
  readonly location: string;
  /** Durably append ticks (resolves after the bytes are synced). */
  append(ticks: readonly Tick[]): Promise<void>;
  /**
   * Records appended before this call, oldest first, in batches of at most
   * `batchSize`. Ticks appended during the iteration are not yielded (they
   * wait for the next replay). Throws `JOURNAL.CORRUPT` on damaged records.
   */
  replay(batchSize: number): AsyncIterable<readonly Tick[]>;
  /** Discard the records fully consumed by replays so far. */
  truncate(): Promise<void>;
  /** What is held now (updated on append and truncate). */
  size(): JournalSize;
  close(): Promise<void>;
}

/** Where rows the database rejects for good are kept, with the reason, for an operator. */
export interface DeadLetterSink {
  readonly location: string;
  write(ticks: readonly Tick[], reason: string): Promise<void>;
}
