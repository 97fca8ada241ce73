/**
 * Ordered trading writes that survive a database outage: writes run one at a time in the
 * order given; when one fails, it and everything behind it stay queued and are retried
 * with backoff, so the kill switch keeps working while the database is down (a write refused
 * for good, not retryable, is logged and dropped so it cannot block the rest). `write`
 * resolves true once stored, or false as soon as it is known to be queued behind a failure.
 * Writes are data (`W`), applied by `apply`, so what is still queued at a stop can be kept.
 */
import { WRITE_RETRY_BACKOFF } from '../../core/backoff.js';
import { isRetryable } from '../../core/errors.js';
import { retry } from '../../core/retry.js';
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

/** `apply` stores one write; `random`: the backoff's jitter source in [0, 1). */
export function createWriteQueue<W>(
  clock: Clock,
  apply: (w: W) => Promise<void>,
  onError: (err: unknown, queued: number) => void,
  random: () => number = Math.random,
): WriteQueue<W> {
  const items: { w: W; done: (stored: boolean) => void }[] = [];
  let running = false;
  let down = false;
  let stopped = false;
  /** The backoff between retries; stop() ends it early. */
  const backoff = wakeableSleep(clock);

  /** The head write, retried while the database is down; rejects when refused for good or stopped. */
  const store = (w: W): Promise<void> =>
    retry(() => apply(w), {
      sleep: backoff.sleep, random, maxRetries: Infinity, policy: WRITE_RETRY_BACKOFF,
      retryDelay: (err) => (isRetryable(err) ? undefined : null),
      onFailure: (err) => onError(err, items.length),
      onRetry: () => {
        down = true;
        for (const it of items) it.done(false);
      },
      aborted: () => stopped,
    });

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    while (items.length > 0 && !stopped) {
      const head = items[0]!;
      try {
        await store(head.w);
        if (stopped) break;
        items.shift();
        head.done(true);
        down = false;
      } catch {
        if (stopped) break;
        // A write the database refuses for good (a constraint) would block every later one.
        items.shift();
        head.done(false);
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
