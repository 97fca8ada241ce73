/**
 * The engine (composition of the app services): pairs sync, warm-up, the collector
 * (feed -> writer, candles, whales, gap repair), the scanner and housekeeping timers.
 * One object to start and stop; `status()` and `summary()` feed the UI and the
 * headless summary. The store being down never stops the collector: ticks go to the
 * writer (which retries and journals) and the database parts catch up when it is back.
 */
import { TIMEFRAMES, type Candle, type Pair, type Tick } from '../core/types.js';
import { createCandleService } from './candle-service.js';
import { ingestTicks, routeMarketEvent, type FeedRouterDeps } from './engine-feed.js';
import { loadPairs } from './engine-pairs.js';
import { buildStatus, buildSummary, pairReadiness, type EngineCounters } from './engine-status.js';
import type { EngineDeps } from './engine-types.js';
import { createGapCoordinator } from './gap-coordinator.js';
import { repairSymbol } from './gap-repair.js';
import { createMarketClock, type MarketClock } from './market-clock.js';
import { RecentTicks } from './recent-ticks.js';
import { createScanner } from './scanner.js';
import { warmUp } from './warmup.js';
import { createWhaleService } from './whale-service.js';
import { unlessStopped, within } from './within.js';

export function createEngine(deps: EngineDeps) {
  const { store, feed, rest, writer, clock, logger, settings } = deps;
  const tf = settings.strategy.timeframe;
  const startedAt = clock.now();
  const counters: EngineCounters = { gapRepairs: 0, gapsRecorded: 0, repairedTicks: 0, warmup: null };
  const bySymbol = new Map<string, Pair>();
  const marks = new Map<string, number>();
  const lastPrices = new Map<string, number>();
  const market = createMarketClock(clock, settings.marketSpeed);
  const recent = new RecentTicks();
  const timers: Array<() => void> = [];
  let pairs: Pair[] = [];
  let pendingScan: (() => void) | null = null;
  let stopped = false;
  let stopping: Promise<void> | null = null;
  // Aborted by stop(): a start-up step being waited on ends at once (see start()).
  const halt = new AbortController();
  const step = <T>(what: string, p: Promise<T>): Promise<T> => unlessStopped(halt.signal, p, what);

  const onCandleClosed = (c: Candle): void => {
    if (c.timeframe !== tf || pendingScan || stopped) return;
    // All symbols close on the same clock tick: one scan for the lot, shortly after.
    pendingScan = clock.setTimer(250, () => {
      pendingScan = null;
      void scanner.scan();
    });
  };
  // Late-trade grace and duplicate window are exchange time: scale them with the speed so
  // the same real-time delay is forgiven at 60x as at 1x.
  const speed = settings.marketSpeed;
  const candles = createCandleService({ store, clock, logger, timeframes: TIMEFRAMES, onClosed: onCandleClosed, graceMs: 5_000 * speed, dedupWindowMs: 60_000 * speed });
  const scanner = createScanner({
    strategy: settings.strategy, candles, store, logger, portfolioValue: settings.portfolioValue,
    pairs: () => pairs, price: (s) => marks.get(s) ?? lastPrices.get(s), now: () => market.observed(),
    blocked: (s) => (gaps.repairing(s) ? 'repairing missed trades (candles incomplete until done)' : null),
  });
  const whales = createWhaleService({
    store, logger, pair: (s) => bySymbol.get(s), now: () => market.now(),
    detectionIntervalMs: settings.whaleDetectionIntervalMs, impactHorizonMs: settings.whaleImpactMs,
  });
  const gaps = createGapCoordinator({
    clock, logger, waitMs: settings.repairWaitMs ?? 3_000,
    lastReceivedBefore: (s, wall) => recent.lastReceivedBefore(s, wall),
    repair: async (symbol, lastKnown, cutoff) => {
      const sink = { push: (t: readonly Tick[]) => ingestTicks(router, t, false) };
      const r = await repairSymbol({ rest, store, logger, venue: deps.venue, recent: (s) => recent.get(s), sink }, symbol, lastKnown, cutoff);
      counters.gapRepairs++;
      counters.repairedTicks += r.stored;
      if (r.hole) counters.gapsRecorded++;
    },
  });
  const router: FeedRouterDeps = { writer, candles, whales, gaps, recent, market, marks, lastPrices, lastDataAt: new Map() };

  /** Run `fn` every `ms` (wall time), never overlapping itself; errors are logged, not fatal. */
  const every = (ms: number, fn: () => unknown, name: string): void => {
    let cancel: () => void = () => {};
    const run = (): void => {
      if (stopped) return;
      Promise.resolve()
        .then(fn)
        .catch((err: unknown) => logger.warn(`${name}.failed`, { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => !stopped && loop());
    };
    const loop = (): void => {
      if (!stopped) cancel = clock.setTimer(ms, run);
    };
    loop();
    timers.push(() => cancel());
  };

  const prune = async (): Promise<void> => {
    if (await store.usesTimescale()) return;
    const removed = await store.pruneTicks(clock.now() - settings.tickRetentionMs, 5_000);
    if (removed > 0) logger.info('retention.pruned', { ticks: removed });
  };

  const setPairs = (next: readonly Pair[]): void => {
    pairs = [...next];
    bySymbol.clear();
    for (const p of next) bySymbol.set(p.symbol, p);
  };

  const view = () => ({ feed, writer, scanner, whales, candles, pairs, market, settings, counters });

  return {
    /**
     * A stop() during start-up ends it at the step it is on: start() then resolves early
     * (between steps) or rejects with APP.STOPPED (while waiting on one).
     */
    async start(): Promise<void> {
      setPairs(await step('pairs sync', loadPairs({ store, rest, logger, clock, onRecovered: setPairs, stopped: () => stopped })));
      const active = pairs.filter((p) => p.isActive);
      await step('reading mark prices', syncClock(rest, market, marks, logger, clock));
      if (stopped) return;
      const last = await step('reading the last stored ticks', store.lastTicks().catch(() => new Map<string, Tick>()));
      gaps.seed(new Map([...last].map(([s, t]) => [s, t.time])));
      if (stopped) return;
      writer.start();
      // Collect first: every second spent on warm-up before subscribing is a second of
      // trades only gap repair could bring back.
      feed.onEvent((e) => routeMarketEvent(router, e));
      const subscribedAt = clock.now();
      await step('subscribing', feed.start(active.map((p) => p.symbol)));
      gaps.expect(active.map((p) => p.symbol), subscribedAt);
      const required = settings.strategy.requiredCandles;
      counters.warmup = await step('backfill', warmUp({ store, rest, candles, logger, timeframe: tf, required, backfill: settings.backfill, stopped: () => stopped, setTimer: (ms, fn) => clock.setTimer(ms, fn) }, active, market.now(), () => clock.now()));
      if (stopped) return;
      every(1_000, () => candles.tick(market.observed()), 'candles.clock');
      every(settings.scanIntervalMs, () => scanner.scan(), 'scan');
      every(30_000, () => whales.housekeeping(), 'whales.housekeeping');
      every(3_600_000, prune, 'retention');
      const ages = { retentionDays: settings.tickRetentionMs / 86_400_000, compressionDays: settings.tickCompressionDays };
      store.setTickAges(ages).catch((err: unknown) => logger.warn('retention.policy_failed', { error: err instanceof Error ? err.message : String(err) }));
      void scanner.scan();
      logger.info('engine.started', { pairs: active.length, venue: deps.venue, timeframe: tf, warmupMs: counters.warmup.ms });
    },
    /** Idempotent: every caller waits for the same graceful stop (writer flushed or journaled). */
    stop(): Promise<void> {
      stopping ??= (async () => {
        stopped = true;
        halt.abort();
        for (const cancel of timers) cancel();
        pendingScan?.();
        await feed.stop();
        await gaps.stop();
        await scanner.scan().catch(() => {});
        await whales.flush();
        candles.stop();
        await writer.stop();
      })();
      return stopping;
    },
    status: () => buildStatus(view()),
    /** Gap repairs awaited, running or retrying. */
    gapsPending: (): number => pairs.filter((p) => gaps.repairing(p.symbol)).length,
    /** Per active pair: closed candles available / required, what is missing, when ready, holes. */
    readiness: () => pairReadiness(view()),
    summary: () => buildSummary({ ...view(), venue: deps.venue, runtimeMs: clock.now() - startedAt }),
    pairs: (): readonly Pair[] => pairs,
    market,
    candles,
    scanner,
    whales,
  };
}

export type Engine = ReturnType<typeof createEngine>;

/** Prices give the first exchange timestamp (the candle clock) and mark prices. */
async function syncClock(rest: EngineDeps['rest'], market: MarketClock, marks: Map<string, number>, logger: EngineDeps['logger'], clock: EngineDeps['clock']): Promise<void> {
  try {
    for (const p of await within(clock, 10_000, 'GET /info/prices', rest.getPrices())) {
      marks.set(p.symbol, p.mark);
      market.observe(p.time);
    }
  } catch (err) {
    logger.warn('engine.prices_unavailable', { error: err instanceof Error ? err.message : String(err) });
  }
}
