/**
 * Ordered trading writes that survive a database outage: writes run one at a time in the
 * order given; when one fails, it and everything behind it stay queued and are retried
 * with backoff, so the kill switch keeps working while the database is down (a write refused
 * for good, not retryable, is logged and dropped so it cannot block the rest). `write`
 * resolves true once stored, or false as soon as it is known to be queued behind a failure.
 * Writes are data (`W`), applied by `apply`, so what is still queued at a stop can be kept.
 */
import { backoffDelay, WRITE_RETRY_BACKOFF } from '../../core/backoff.js';
import { isRetryable } from '../../core/errors.js';
import { wakeableSleep, type Clock } from '../../ports/clock.js';

export interface WriteQueue<W> {
  write(w: W): Promise<boolean>;
  /** Writes not yet stored. */
  size(): number;
  /** True while the last attempt failed for a retryable reason (the database is down). */
  down(): boolean;
  /** Wait until every write is stored or `deadlineMs` passes (true when empty). */
  drain(deadlineMs: number): Promise<boolean>;
  /**
   * Stop retrying (the database is about to close): no timer is left behind, and a write
   * given after this resolves false at once. Returns the writes never stored, oldest first.
   */
  stop(): W[];
}

export function createWriteQueue<W>(clock: Clock, apply: (w: W) => Promise<void>, onError: (err: unknown, queued: number) => void): WriteQueue<W> {
  const items: { w: W; done: (stored: boolean) => void }[] = [];
  let running = false;
  let down = false;
  let stopped = false;
  /** The backoff between retries; stop() ends it early. */
  const backoff = wakeableSleep(clock);

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    let failures = 0;
    while (items.length > 0 && !stopped) {
      const head = items[0]!;
      try {
        await apply(head.w);
        if (stopped) break;
        items.shift();
        head.done(true);
        down = false;
        failures = 0;
      } catch (err) {
        if (stopped) break;
        onError(err, items.length);
        if (!isRetryable(err)) {
          // A write the database refuses for good (a constraint) would block every later one.
          items.shift();
          head.done(false);
          continue;
        }
        down = true;
        for (const it of items) it.done(false);
        await backoff.sleep(backoffDelay(WRITE_RETRY_BACKOFF, failures++, Math.random()));
      }
    }
    running = false;
  };

  return {
    write(w) {
      return new Promise<boolean>((resolve) => {
        if (stopped) return resolve(false);
        items.push({ w, done: resolve });
        if (down) resolve(false);
        void pump();
      });
    },
    size: () => items.length,
    down: () => down,
    async drain(deadlineMs) {
      const end = clock.now() + deadlineMs;
      while (items.length > 0 && clock.now() < end && !stopped) await clock.sleep(25);
      return items.length === 0;
    },
    stop() {
      stopped = true;
      backoff.wake();
      for (const it of items) it.done(false);
      return items.splice(0).map((it) => it.w);
    },
  };
}
