/**
 * Writes quarantined ticks to the audit file (a DeadLetterSink) one batch at a time, with a
 * bound on what waits in memory: a flood of bad prints on a slow disk must not grow memory.
 * Past the bound, ticks are counted as unrecorded (still counted as quarantined by the guard)
 * and the first such overflow is logged.
 */
import type { Tick } from '../core/types.js';
import type { DeadLetterSink } from '../ports/journal.js';
import type { Logger } from '../ports/logger.js';
import { errorMessage } from '../core/error-message.js';

export interface QuarantineWriter {
  keep(ticks: readonly Tick[], reason: string): void;
  /** Ticks not written because the queue was full or the file failed. */
  unrecorded(): number;
  /** Resolves when what is queued now has been written (or failed). */
  idle(): Promise<void>;
}

export function createQuarantineWriter(sink: DeadLetterSink | undefined, logger: Logger, maxQueuedRows = 10_000): QuarantineWriter {
  const queue: Array<{ ticks: readonly Tick[]; reason: string }> = [];
  let queuedRows = 0;
  let lost = 0;
  let draining: Promise<void> = Promise.resolve();
  let running = false;

  const loseWith = (n: number, event: string, fields: Record<string, unknown>): void => {
    if (lost === 0) logger.error(event, { location: sink?.location, ...fields });
    lost += n;
  };
  const drain = async (): Promise<void> => {
    running = true;
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await sink?.write(next.ticks, next.reason);
      } catch (err) {
        loseWith(next.ticks.length, 'guard.quarantine_write_failed', { error: errorMessage(err) });
      }
      // Counted until written: the batch in flight holds memory too.
      queuedRows -= next.ticks.length;
    }
    running = false;
  };

  return {
    keep(ticks, reason) {
      if (!sink || ticks.length === 0) return;
      if (queuedRows + ticks.length > maxQueuedRows) return loseWith(ticks.length, 'guard.quarantine_queue_full', { maxQueuedRows });
      queue.push({ ticks, reason });
      queuedRows += ticks.length;
      if (!running) draining = drain();
    },
    unrecorded: () => lost,
    idle: () => draining,
  };
}
