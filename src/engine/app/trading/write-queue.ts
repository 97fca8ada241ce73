/**
 * Ordered trading writes that survive a database outage: writes run one at a time in the
 * order given; when one fails, it and everything behind it stay queued and are retried
 * with backoff, so the kill switch keeps working while the database is down. `write`
 * resolves true once stored, or false as soon as it is known to be queued behind a failure.
 */
import type { Clock } from '../../ports/clock.js';

export interface WriteQueue {
  write(op: () => Promise<void>): Promise<boolean>;
  /** Writes not yet stored. */
  size(): number;
  /** Wait until every write is stored or `deadlineMs` passes (true when empty). */
  drain(deadlineMs: number): Promise<boolean>;
  stop(): void;
}

export function createWriteQueue(clock: Clock, onError: (err: unknown, queued: number) => void): WriteQueue {
  const items: { op: () => Promise<void>; done: (stored: boolean) => void }[] = [];
  let running = false;
  let down = false;
  let stopped = false;

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    let delay = 100;
    while (items.length > 0 && !stopped) {
      const head = items[0]!;
      try {
        await head.op();
        items.shift();
        head.done(true);
        down = false;
        delay = 100;
      } catch (err) {
        down = true;
        onError(err, items.length);
        for (const it of items) it.done(false);
        await clock.sleep(delay);
        delay = Math.min(delay * 2, 5_000);
      }
    }
    running = false;
  };

  return {
    write(op) {
      return new Promise<boolean>((resolve) => {
        items.push({ op, done: resolve });
        if (down) resolve(false);
        void pump();
      });
    },
    size: () => items.length,
    async drain(deadlineMs) {
      const end = clock.now() + deadlineMs;
      while (items.length > 0 && clock.now() < end && !stopped) await clock.sleep(25);
      return items.length === 0;
    },
    stop() {
      stopped = true;
    },
  };
}
