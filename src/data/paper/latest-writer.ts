/**
 * Write-behind for one document (the paper account): every change is saved; while the
 * database is down the newest document waits and is retried with backoff, so a venue
 * action is never blocked by storage. `save` resolves once the document (or a newer one)
 * is stored, or right after the first failed attempt (it then stays queued).
 */
import { WRITE_RETRY_BACKOFF } from '../../engine/core/backoff.js';
import { retryAfter } from '../../engine/core/retry.js';
import { createSerial } from '../../engine/core/serial.js';
import { wakeableSleep, type Clock } from '../../engine/ports/clock.js';

export interface LatestWriter<T> {
  save(doc: T): Promise<{ readonly stored: boolean }>;
  /** True while a document waits for the database. */
  pending(): boolean;
  /** Wait until nothing is pending or `deadlineMs` passes (true when all is stored). */
  drain(deadlineMs: number): Promise<boolean>;
  stop(): void;
}

/** `random`: the backoff's jitter source in [0, 1). */
export function createLatestWriter<T>(clock: Clock, write: (doc: T) => Promise<void>, onError: (err: unknown) => void, random: () => number = Math.random): LatestWriter<T> {
  let next: T | null = null;
  // Writes run one at a time, so an older document never lands after a newer one.
  const writes = createSerial();
  let retrying = false;
  let stopped = false;
  const backoff = wakeableSleep(clock);

  /** Write the newest document; rejects when the database refused it. */
  const attempt = (): Promise<void> =>
    writes.run(async () => {
      const doc = next;
      if (doc === null) return;
      await write(doc);
      if (next === doc) next = null;
    });
  /** After a failed save: retry with backoff until the newest document is stored or we stop. */
  const retryLater = async (failed: unknown): Promise<void> => {
    if (retrying) return;
    retrying = true;
    const o = { sleep: backoff.sleep, random, maxRetries: Infinity, policy: WRITE_RETRY_BACKOFF, retryDelay: () => undefined, onFailure: onError, aborted: () => stopped };
    while (next !== null && !stopped) await retryAfter(failed, attempt, o).catch(() => undefined);
    retrying = false;
  };

  return {
    async save(doc) {
      next = doc;
      try {
        await attempt();
        return { stored: true };
      } catch (err) {
        onError(err);
        void retryLater(err);
        return { stored: false };
      }
    },
    pending: () => next !== null,
    async drain(deadlineMs) {
      const end = clock.now() + deadlineMs;
      while (next !== null && clock.now() < end && !stopped) {
        await attempt().catch(onError);
        if (next !== null) await backoff.sleep(50);
      }
      return next === null;
    },
    stop() {
      stopped = true;
      backoff.wake();
    },
  };
}
