/** Time source. Core code never reads the clock itself; app code gets one injected. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolve after `ms` (scaled in simulated time). */
  sleep(ms: number): Promise<void>;
  /** Run `fn` after `ms`; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** Backoff sleeps that `wake` ends early (a stop), so no timer outlives the loop using them. */
export interface WakeableSleep {
  sleep(ms: number): Promise<void>;
  wake(): void;
}

export function wakeableSleep(clock: Clock): WakeableSleep {
  const sleeping = new Set<() => void>();
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          sleeping.delete(done);
          cancel();
          resolve();
        };
        const cancel = clock.setTimer(ms, done);
        sleeping.add(done);
      }),
    wake: () => {
      for (const done of [...sleeping]) done();
    },
  };
}

/**
 * Bound how long a caller waits on `p`, which may never settle (an unreachable venue, a
 * database connection lost mid-statement): past `ms` on `clock`, run `onLate` (cleanup) and
 * reject with `error()`. The underlying call is not cancelled; its late answer is ignored.
 */
export function deadline<T>(clock: Clock, ms: number, p: Promise<T>, error: () => Error, onLate: () => void = () => {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = clock.setTimer(ms, () => {
      onLate();
      reject(error());
    });
    p.then(
      (v) => (cancel(), resolve(v)),
      (e: unknown) => (cancel(), reject(e)),
    );
  });
}

/**
 * Wait for `p` to settle (fulfilled or rejected), at most `ms` on `clock`: true when it
 * settled in time, false when the wait gave up. For a stop that must not hang on a part.
 */
export function settlesWithin(clock: Clock, ms: number, p: Promise<unknown>): Promise<boolean> {
  return deadline(clock, ms, p.then(() => true, () => true), () => new Error('late')).catch(() => false);
}
