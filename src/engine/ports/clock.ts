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
