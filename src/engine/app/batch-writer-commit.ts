import { NexwaveError, isRetryable } from '../core/errors.js';
import type { Tick } from '../core/types.js';
import type { DeadLetterSink } from '../ports/journal.js';
import type { Logger } from '../ports/logger.js';
import type { InsertTicksResult, TickSink } from '../ports/store.js';
import { redactText } from './redact.js';
import { errorMessage } from '../core/error-message.js';

/** How a batch is sent to the database (store.insertTicks, possibly wrapped, e.g. with a timeout). */
export type InsertFn = (ticks: readonly Tick[]) => Promise<InsertTicksResult>;

export interface CommitDeps {
  readonly insert: InsertFn;
  readonly store: TickSink;
  readonly deadLetter: DeadLetterSink;
  readonly logger: Logger;
}

/** Result of committing one batch. Counts cover the parts that reached a verdict. */
export interface CommitOutcome {
  readonly inserted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Set when the database became unavailable: these parts, in order, are still unwritten. */
  readonly retry: { readonly error: unknown; readonly remaining: readonly (readonly Tick[])[] } | null;
}

/**
 * Commit a batch. A retryable failure (database unreachable) stops at once and
 * hands back what is still unwritten. A non-retryable one means some row is bad:
 * the batch is split in halves until the bad rows stand alone, and each of
 * those goes to the dead-letter file with the error, so one bad row costs about
 * 2·log2(batch) statements and never blocks its neighbours. Before a single row
 * is condemned the database is pinged, so an outage misreported as a query error
 * cannot send good rows to the dead letters.
 */
export async function commitBatch(deps: CommitDeps, ticks: readonly Tick[]): Promise<CommitOutcome> {
  const stack: (readonly Tick[])[] = [ticks];
  let inserted = 0;
  let duplicates = 0;
  let rejected = 0;
  const retry = (error: unknown, part: readonly Tick[]): CommitOutcome => ({
    inserted,
    duplicates,
    rejected,
    retry: { error, remaining: [part, ...stack.reverse()] },
  });
  for (let part = stack.pop(); part !== undefined; part = stack.pop()) {
    try {
      const r = await deps.insert(part);
      inserted += r.inserted;
      duplicates += part.length - r.inserted;
      continue;
    } catch (err) {
      if (isRetryable(err)) return retry(err, part);
      if (part.length > 1) {
        const mid = Math.ceil(part.length / 2);
        stack.push(part.slice(mid), part.slice(0, mid));
        continue;
      }
      const verdict = await condemn(deps, part, err);
      if (verdict !== null) return retry(verdict, part);
      rejected += 1;
    }
  }
  return { inserted, duplicates, rejected, retry: null };
}

/** Dead-letter one row; returns an error when it must be retried instead. */
async function condemn(deps: CommitDeps, row: readonly Tick[], err: unknown): Promise<unknown> {
  try {
    await deps.store.ping();
  } catch (pingErr) {
    return pingErr;
  }
  const reason = describeError(err);
  try {
    await deps.deadLetter.write(row, reason);
  } catch (writeErr) {
    // Nowhere to put it: keep it and try again later rather than lose it.
    return new NexwaveError('STORE.UNAVAILABLE', `cannot write dead letter ${deps.deadLetter.location}: ${describeError(writeErr)}`, {
      cause: writeErr,
    });
  }
  deps.logger.error('writer.dead_lettered', { symbol: row[0]?.symbol, tradeId: row[0]?.tradeId, reason, file: deps.deadLetter.location });
  return null;
}

/** One-line error text for metrics and logs, with any URL credentials masked. */
export function describeError(err: unknown): string {
  const text = err instanceof NexwaveError ? `${err.code}: ${err.message}` : errorMessage(err);
  return redactText(text);
}
