/**
 * Fault state shared by the WS and REST layers (drop, stall, malformed frames,
 * REST 429/500, latency, paused symbols). Times here are real milliseconds: faults exercise
 * the client's real timers, not the market's clock.
 */

/** A REST failure mode: answer `status` for the next `count` requests or for `durationMs`. */
export interface RestFault {
  readonly status: 429 | 500;
  readonly count?: number;
  readonly durationMs?: number;
  /** Retry-After seconds sent with 429 (default 1). */
  readonly retryAfterSec?: number;
}

/** Faults that can be configured at start (the same as the control endpoints). */
export interface FaultOptions {
  /** Added delay (ms) before every REST answer and WS send. */
  readonly latencyMs?: number;
  readonly rest?: RestFault;
  /** Symbols whose trading starts paused. */
  readonly pausedSymbols?: readonly string[];
  /** Drop every connection periodically (ms), for reconnect soaks. */
  readonly dropEveryMs?: number;
}

/** Mutable fault state. */
export interface FaultState {
  latencyMs: number;
  /** Delay (ms) between handling a REST request and answering it: the work is done, the answer late. */
  replyDelayMs: number;
  /** Served as the /info data array instead of the real markets (a hostile or buggy venue); null = real. */
  info: readonly unknown[] | null;
  stall(ms: number, realNow: number): void;
  stalled(realNow: number): boolean;
  setRest(fault: RestFault | null, realNow: number): void;
  /** The fault to answer this request with, if any (consumes one count). */
  takeRest(realNow: number): { status: 429 | 500; retryAfterSec: number } | null;
}

/** Fresh fault state from the start options. */
export function createFaultState(opts: FaultOptions | undefined, realNow: number): FaultState {
  let stalledUntil = 0;
  let rest: { fault: RestFault; left: number; until: number } | null = null;
  const state: FaultState = {
    latencyMs: opts?.latencyMs ?? 0,
    replyDelayMs: 0,
    info: null,
    stall(ms, now) {
      stalledUntil = Math.max(stalledUntil, now + ms);
    },
    stalled: (now) => now < stalledUntil,
    setRest(fault, now) {
      rest = fault ? { fault, left: fault.count ?? (fault.durationMs === undefined ? 1 : Infinity), until: fault.durationMs === undefined ? Infinity : now + fault.durationMs } : null;
    },
    takeRest(now) {
      if (!rest || rest.left <= 0 || now >= rest.until) {
        rest = null;
        return null;
      }
      rest.left--;
      return { status: rest.fault.status, retryAfterSec: rest.fault.retryAfterSec ?? 1 };
    },
  };
  if (opts?.rest) state.setRest(opts.rest, realNow);
  return state;
}
