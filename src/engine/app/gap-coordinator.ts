/**
 * Decides WHEN to repair. After a (re)subscription, the first
 * live trade of a symbol marks the cutoff: trades before it came from nowhere but
 * REST, trades from it on arrive live. If no live trade comes within `waitMs`,
 * the repair runs anyway with the wall-clock cutoff so a quiet market is covered.
 */
import { retry } from '../core/retry.js';
import type { Tick } from '../core/types.js';
import { settlesWithin, wakeableSleep, type Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { errorMessage } from '../core/error-message.js';

export interface GapCoordinatorDeps {
  readonly clock: Clock;
  /**
   * Exchange time of the latest live trade of `symbol` received at or before `wallTime`
   * (null if none is remembered). Trades of the new connection can arrive before it
   * reports the resubscription, so "the last trade" must be taken as of the outage.
   */
  readonly lastReceivedBefore: (symbol: string, wallTime: number) => number | null;
  readonly logger: Logger;
  readonly waitMs: number;
  readonly repair: (symbol: string, lastKnown: number | null, cutoff: number) => Promise<unknown>;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  /** How long stop() waits for running repairs (ms, default 5 s). */
  readonly stopWaitMs?: number;
}

interface Pending {
  readonly lastKnown: number | null;
  readonly cancel: () => void;
}

export interface GapCoordinator {
  /** Seed last-known trade times (the latest stored tick per symbol, at start). */
  seed(last: ReadonlyMap<string, number>): void;
  /** Symbols whose trades may have been missed since the feed went quiet at `downSince` (wall ms). */
  expect(symbols: readonly string[], downSince: number): void;
  /** Live trades: the first one after `expect` marks the cutoff and triggers the repair. */
  observe(ticks: readonly Tick[]): void;
  counters(): { readonly repairs: number; readonly failures: number; readonly pending: number };
  /** True while trades of the symbol may be missing: a repair is awaited, running or retrying. */
  repairing(symbol: string): boolean;
  /** Cancel waits and let running repairs finish (bounded). */
  stop(): Promise<void>;
}

export function createGapCoordinator(deps: GapCoordinatorDeps): GapCoordinator {
  /** Latest stored tick time per symbol at start (see seed). */
  const storedLast = new Map<string, number>();
  const pending = new Map<string, Pending>();
  const running = new Set<Promise<unknown>>();
  let repairs = 0;
  let failures = 0;

  /** Waits between retries; stop() ends them. */
  const waits = wakeableSleep(deps.clock);
  let stopped = false;
  /** Repairs running or waiting to retry, per symbol. */
  const busy = new Map<string, number>();
  const done = (symbol: string): void => {
    const n = (busy.get(symbol) ?? 1) - 1;
    if (n > 0) busy.set(symbol, n);
    else busy.delete(symbol);
  };
  /** A failed repair (REST or database down) is retried with backoff until it succeeds or we stop. */
  const run = (symbol: string, lastKnown: number | null, cutoff: number): void => {
    busy.set(symbol, (busy.get(symbol) ?? 0) + 1);
    const attempt = async (): Promise<void> => {
      repairs++;
      await deps.repair(symbol, lastKnown, cutoff);
    };
    const failed = (err: unknown, n: number, retryInMs: number | null): void => deps.logger.warn('gap.repair_failed', { symbol, attempt: n, retryInMs, error: errorMessage(err) });
    const p = retry(attempt, {
      sleep: waits.sleep, random: deps.random ?? Math.random, maxRetries: Infinity, retryDelay: () => undefined, aborted: () => stopped,
      onFailure: (err, n) => {
        failures++;
        if (stopped) failed(err, n, null);
      },
      onRetry: failed,
    }).then(() => done(symbol), () => undefined);
    running.add(p);
    void p.finally(() => running.delete(p));
  };

  return {
    /** Seed last-known trade times (the latest stored tick per symbol, at start). */
    seed(last: ReadonlyMap<string, number>): void {
      for (const [s, t] of last) storedLast.set(s, Math.max(t, storedLast.get(s) ?? t));
    },
    /**
     * Symbols whose trades may have been missed since the feed went quiet at `downSince`
     * (wall ms; at start, the start time). The last known trade is the latest of the stored
     * one (seed) and the live ones received before `downSince`.
     */
    expect(symbols: readonly string[], downSince: number): void {
      for (const symbol of symbols) {
        if (pending.has(symbol)) continue;
        const candidates = [storedLast.get(symbol), deps.lastReceivedBefore(symbol, downSince)].filter((x): x is number => typeof x === 'number');
        const lastKnown = candidates.length > 0 ? Math.max(...candidates) : null;
        const cancel = deps.clock.setTimer(deps.waitMs, () => {
          pending.delete(symbol);
          run(symbol, lastKnown, Number.MAX_SAFE_INTEGER);
        });
        pending.set(symbol, { lastKnown, cancel });
      }
    },
    /** Live trades: the first one after `expect` marks the cutoff and triggers the repair. */
    observe(ticks: readonly Tick[]): void {
      for (const t of ticks) {
        const p = pending.get(t.symbol);
        if (p) {
          pending.delete(t.symbol);
          p.cancel();
          run(t.symbol, p.lastKnown, t.time);
        }
      }
    },
    counters: () => ({ repairs, failures, pending: pending.size }),
    /** True while trades of the symbol may be missing: a repair is awaited, running or retrying. */
    repairing: (symbol: string): boolean => pending.has(symbol) || busy.has(symbol),
    /** Cancel waits and let running repairs finish. */
    async stop(): Promise<void> {
      stopped = true;
      waits.wake();
      for (const p of pending.values()) p.cancel();
      pending.clear();
      // A repair stuck on an unreachable venue must not hold the shutdown: what it finds
      // later is pushed to the stopped writer, which journals it.
      await settlesWithin(deps.clock, deps.stopWaitMs ?? 5_000, Promise.allSettled([...running]));
    },
  };
}
