/**
 * Simulated time: startTime + realElapsed × speed. Implements the Clock port so app code can
 * run on the simulator's time (a 15-minute candle closes every 15 s of real time at speed 60).
 */
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../engine/ports/clock.js';

/** A Clock on simulated time, plus the real-time conversions the simulator needs. */
export interface SimClock extends Clock {
  readonly startTime: number;
  readonly speed: number;
  /** Real milliseconds since the simulator started. */
  realElapsed(): number;
}

/** Create the sim clock; `realNow` is injectable for tests of the arithmetic. */
export function createSimClock(startTime: number, speed: number, realNow: () => number = () => performance.now()): SimClock {
  const realStart = realNow();
  const realElapsed = (): number => realNow() - realStart;
  return {
    startTime,
    speed,
    realElapsed,
    now: () => startTime + Math.floor(realElapsed() * speed),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / speed)),
    setTimer: (ms, fn) => {
      const timer = setTimeout(fn, ms / speed);
      return () => clearTimeout(timer);
    },
  };
}
