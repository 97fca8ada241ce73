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
