/**
 * Write-behind for one document (the paper account): every change is saved; while the
 * database is down the newest document waits and is retried with backoff, so a venue
 * action is never blocked by storage. `save` resolves once the document (or a newer one)
 * is stored, or right after the first failed attempt (it then stays queued).
 */
import { backoffDelay, WRITE_RETRY_BACKOFF } from '../../engine/core/backoff.js';
import { wakeableSleep, type Clock } from '../../engine/ports/clock.js';

export interface LatestWriter<T> {
  save(doc: T): Promise<{ readonly stored: boolean }>;
  /** True while a document waits for the database. */
  pending(): boolean;
  /** Wait until nothing is pending or `deadlineMs` passes (true when all is stored). */
  drain(deadlineMs: number): Promise<boolean>;
  stop(): void;
}

export function createLatestWriter<T>(clock: Clock, write: (doc: T) => Promise<void>, onError: (err: unknown) => void): LatestWriter<T> {
  let next: T | null = null;
  // Writes run one at a time, so an older document never lands after a newer one.
  let tail: Promise<unknown> = Promise.resolve();
  let retrying = false;
  let stopped = false;
  const backoff = wakeableSleep(clock);

  const attempt = (): Promise<boolean> => {
    const run = tail.then(async () => {
      const doc = next;
      if (doc === null) return true;
      try {
        await write(doc);
        if (next === doc) next = null;
        return true;
      } catch (err) {
        onError(err);
        return false;
      }
    });
    tail = run;
    return run;
  };
  const retry = async (): Promise<void> => {
    if (retrying) return;
    retrying = true;
    for (let failures = 0; next !== null && !stopped; failures++) {
      await backoff.sleep(backoffDelay(WRITE_RETRY_BACKOFF, failures, Math.random()));
      if (stopped) break;
      await attempt();
    }
    retrying = false;
  };

  return {
    async save(doc) {
      next = doc;
      const stored = await attempt();
      if (!stored) void retry();
      return { stored };
    },
    pending: () => next !== null,
    async drain(deadlineMs) {
      const end = clock.now() + deadlineMs;
      while (next !== null && clock.now() < end && !stopped) {
        await attempt();
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
