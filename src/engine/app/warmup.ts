/**
 * Warm-up: minutes, not five hours. Closed candles come first from
 * the database (a restart is ready at once when history is there), then the rest from
 * the venue's `/kline` history (backfill, on by default). Backfill candles are stored
 * with source 'backfill' and never overwrite candles built from stored ticks.
 */
import { bucketStart, timeframeMs } from '../core/buckets.js';
import { isRetryable } from '../core/errors.js';
import { readiness, type Readiness } from '../core/readiness.js';
import type { Candle, Pair, Timeframe } from '../core/types.js';
import type { Logger } from '../ports/logger.js';
import type { MarketRest } from '../ports/market-rest.js';
import type { CandleStore } from '../ports/store.js';
import type { CandleService } from './candle-service.js';
import { errorMessage } from '../core/error-message.js';

export interface WarmupDeps {
  readonly store: CandleStore;
  readonly rest: MarketRest;
  readonly candles: CandleService;
  readonly logger: Logger;
  readonly timeframe: Timeframe;
  /** Closed candles the strategy needs. */
  readonly required: number;
  readonly backfill: boolean;
  /** Parallel /kline requests (the REST client also honours the venue's credit budget). */
  readonly concurrency?: number;
  /** True once the engine is stopping: remaining backfills are skipped. */
  readonly stopped?: () => boolean;
  /** The clock's timer (for the deadline); returns a cancel function. */
  readonly setTimer: (ms: number, fn: () => void) => () => void;
  /** How long start-up waits for backfill (ms, default 20 s). */
  readonly deadlineMs?: number;
  /** Told after each pair's backfill (done of total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface WarmupReport {
  readonly stored: number;
  readonly backfilled: number;
  readonly failed: readonly string[];
  readonly ms: number;
}

/** Seed the candle service for every pair; `now` is exchange time. */
export async function warmUp(deps: WarmupDeps, pairs: readonly Pair[], now: number, wallNow: () => number): Promise<WarmupReport> {
  const started = wallNow();
  const tfMs = timeframeMs(deps.timeframe);
  const stored = await deps.store.loadCandles({ timeframe: deps.timeframe, lastN: deps.required + 2 }).catch((err: unknown) => {
    deps.logger.warn('warmup.stored_unavailable', { error: errorMessage(err) });
    return [];
  });
  const seeded = deps.candles.seed(stored.map((c) => ({ ...c, source: 'stored' as const })), now);
  let backfilled = 0;
  const failed: string[] = [];
  if (deps.backfill) {
    const todo = pairs.filter((p) => !readinessOf(deps, p.symbol, now).ready);
    // Once the venue proves unreachable (a retryable failure after the REST client's own
    // retries), the rest is skipped: readiness then builds from live candles.
    let unreachable: string | null = null;
    let done = 0;
    deps.onProgress?.(0, todo.length);
    const all = forEachLimited(todo, deps.concurrency ?? 6, async (pair) => {
      await backfillOne(pair);
      deps.onProgress?.(++done, todo.length);
    });
    async function backfillOne(pair: Pair): Promise<void> {
      if (unreachable !== null || deps.stopped?.()) return void failed.push(pair.symbol);
      try {
        const n = await backfillPair(deps, pair.symbol, now, tfMs);
        backfilled += n;
      } catch (err) {
        failed.push(pair.symbol);
        const message = errorMessage(err);
        if (isRetryable(err)) unreachable ??= message;
        else deps.logger.warn('warmup.backfill_failed', { symbol: pair.symbol, error: message });
      }
    }
    // Start-up must not hang on a slow venue: past the deadline the engine goes on, and
    // backfills still in flight seed their candles when they land.
    let cancel: () => void = () => {};
    const limit = started + (deps.deadlineMs ?? 20_000);
    const deadline = new Promise<boolean>((resolve) => {
      const check = (): void => {
        if (deps.stopped?.() || wallNow() >= limit) resolve(true);
        else cancel = deps.setTimer(250, check);
      };
      cancel = deps.setTimer(250, check);
    });
    const timedOut = await Promise.race([all.then(() => false), deadline]);
    cancel();
    if (timedOut) deps.logger.warn('warmup.backfill_late', { deadlineMs: deps.deadlineMs ?? 20_000, note: 'continuing; late candles are seeded when they arrive' });
    if (unreachable !== null) deps.logger.warn('warmup.backfill_skipped', { reason: 'venue unreachable', error: unreachable, pairs: failed.length });
  }
  const report = { stored: seeded, backfilled, failed, ms: wallNow() - started };
  deps.logger.info('warmup.done', { ...report, pairs: pairs.length });
  return report;
}

/** Fetch the lookback window of closed candles (plus the forming one) and seed them. */
async function backfillPair(deps: WarmupDeps, symbol: string, now: number, tfMs: number): Promise<number> {
  const forming = bucketStart(now, deps.timeframe);
  const from = forming - (deps.required + 2) * tfMs;
  const rows = await deps.rest.getKlines(symbol, deps.timeframe, from, forming);
  const closed = rows.filter((c) => c.time < forming && c.volume > 0).map((c): Candle => ({ ...c, source: 'backfill' }));
  if (closed.length === 0) return 0;
  const seeded = deps.candles.seed(closed, now);
  // Storing the backfill is a convenience for the next start; a database that is down
  // must not keep the engine from using candles it already has.
  await deps.store.upsertCandles(closed).catch((err: unknown) => deps.logger.warn('warmup.backfill_not_stored', { symbol, error: errorMessage(err) }));
  return seeded;
}

export function readinessOf(deps: Pick<WarmupDeps, 'candles' | 'timeframe' | 'required'>, symbol: string, now: number): Readiness {
  return readiness(deps.candles.closed(symbol, deps.timeframe), deps.timeframe, deps.required, now);
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
