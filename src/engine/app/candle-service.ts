/**
 * Wires the pure candle book (core/candle-book.ts) to the app: live and repaired
 * ticks in, the candle clock ticking, closed candles announced, and buckets reloaded
 * from SQL when a trade arrived too late for the live candle (the writer still stored
 * it, and a stored candle wins over live; see core/candle-seed.ts).
 */
import { closedCandles, createCandleBook, formingCandle, reduceCandles, type CandleBook, type CandleIntent } from '../core/candle-book.js';
import { timeframeMs } from '../core/buckets.js';
import type { Candle, Tick, Timeframe } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { CandleStore } from '../ports/store.js';
import { errorMessage } from '../core/error-message.js';

export interface CandleServiceDeps {
  readonly store: CandleStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeframes: readonly Timeframe[];
  /** Called for every closed candle (the scanner listens for its timeframe). */
  readonly onClosed: (c: Candle) => void;
  /** Wait before reloading a bucket from SQL, so the writer has committed the late tick. */
  readonly reloadDelayMs?: number;
  /** Late-trade grace after a bucket closes (exchange ms); see core/candle-book.ts. */
  readonly graceMs?: number;
  /** How long trade keys are remembered for de-duplication (exchange ms, >= graceMs). */
  readonly dedupWindowMs?: number;
}

export interface CandleService {
  /** Live or repaired ticks (duplicates ignored within the dedup window). */
  ingest(ticks: readonly Tick[]): void;
  /** Advance the candle clock (closes buckets with no trade yet). */
  tick(now: number): void;
  /** Seed closed candles (stored or backfilled); returns how many were accepted. */
  seed(candles: readonly Candle[], now?: number): number;
  /** Closed candles, ascending (the last `n` when given). */
  closed(symbol: string, tf: Timeframe, n?: number): Candle[];
  forming(symbol: string, tf: Timeframe): Candle | undefined;
  /** The candle clock (exchange ms). */
  now(): number;
  /** Trades that arrived after their bucket closed (the bucket is reloaded from SQL). */
  lateTrades(): number;
  stop(): void;
}

export function createCandleService(deps: CandleServiceDeps): CandleService {
  const book: CandleBook = createCandleBook({
    timeframes: deps.timeframes,
    ...(deps.graceMs === undefined ? {} : { graceMs: deps.graceMs }),
    ...(deps.dedupWindowMs === undefined ? {} : { dedupWindowMs: deps.dedupWindowMs }),
  });
  const reloads = new Map<string, () => void>();
  let lateTrades = 0;

  const handle = (intents: readonly CandleIntent[]): void => {
    for (const i of intents) {
      if (i.type === 'candle.closed') deps.onClosed(i.candle);
      else if (i.type === 'late-trade-dropped-from-candle') scheduleReload(i.tick.symbol, i.timeframe, i.bucket);
    }
  };

  const scheduleReload = (symbol: string, tf: Timeframe, bucket: number): void => {
    lateTrades++;
    const key = `${symbol}|${tf}|${bucket}`;
    if (reloads.has(key)) return;
    const cancel = deps.clock.setTimer(deps.reloadDelayMs ?? 2_000, () => {
      reloads.delete(key);
      deps.store
        .loadCandles({ timeframe: tf, symbol, from: bucket, to: bucket + timeframeMs(tf) })
        .then((rows) => seed(rows.map((c) => ({ ...c, source: 'stored' as const }))))
        .catch((err: unknown) => deps.logger.warn('candles.reload_failed', { symbol, timeframe: tf, bucket, error: errorMessage(err) }));
    });
    reloads.set(key, cancel);
  };

  const seed = (candles: readonly Candle[], now?: number): number => {
    const r = reduceCandles(book, now === undefined ? { type: 'seed', candles } : { type: 'seed', candles, now });
    handle(r.intents);
    const s = r.intents.find((i) => i.type === 'candles.seeded');
    return s && s.type === 'candles.seeded' ? s.accepted : 0;
  };

  return {
    ingest(ticks: readonly Tick[]): void {
      for (const tick of ticks) handle(reduceCandles(book, { type: 'trade', tick }).intents);
    },
    tick(now: number): void {
      if (now > book.now) handle(reduceCandles(book, { type: 'clock', now }).intents);
    },
    seed,
    closed: (symbol: string, tf: Timeframe, n?: number): Candle[] => closedCandles(book, symbol, tf, n),
    forming: (symbol: string, tf: Timeframe): Candle | undefined => formingCandle(book, symbol, tf),
    now: (): number => book.now,
    lateTrades: (): number => lateTrades,
    stop(): void {
      for (const cancel of reloads.values()) cancel();
      reloads.clear();
    },
  };
}
