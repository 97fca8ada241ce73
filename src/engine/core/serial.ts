/**
 * The one serial lock: `run(fn)` starts `fn` only after everything queued before it has
 * settled (success or failure), so writes to one record land in order. Failures stay with
 * their caller: a rejected `fn` rejects only its own `run`, never a later one. `idle()`
 * waits for the queue to drain.
 */
export interface Serial {
  run<T>(fn: () => Promise<T>): Promise<T>;
  idle(): Promise<void>;
}

export function createSerial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(fn) {
      const next = tail.then(fn, fn);
      tail = next.catch(() => undefined);
      return next;
    },
    idle: () => tail.then(() => undefined),
  };
}
