/**
 * The engine (composition of the app services): pairs sync, warm-up, the collector
 * (feed -> writer, candles, whales, gap repair), the scanner and housekeeping timers,
 * all publishing into one EngineState (see docs/spine.md). The store being down never
 * stops the collector: ticks go to the writer (which retries and journals) and the
 * database parts catch up when it is back.
 */
import { STATE_LIMITS } from '../core/spine/engine-state.js';
import { runSummary, statusFields } from '../core/spine/projections.js';
import { toSignalRecord, type OrderIntent } from '../core/strategy.js';
import { TIMEFRAMES, type Candle, type Pair, type Tick } from '../core/types.js';
import { createCandleService } from './candle-service.js';
import { ingestTicks, routeMarketEvent, type FeedRouterDeps } from './engine-feed.js';
import { loadPairs } from './engine-pairs.js';
import { pairReadiness } from './engine-readiness.js';
import { createEngineTimers, syncClock } from './engine-timers.js';
import type { Engine, EngineDeps } from './engine-types.js';
import { errorMessage } from '../core/error-message.js';
import { createGapCoordinator } from './gap-coordinator.js';
import { repairSymbol } from './gap-repair.js';
import { RecentTicks } from './recent-ticks.js';
import { createScanner, type ScanEntry } from './scanner.js';
import { createEngineSampler } from './spine/engine-sampler.js';
import { registerProbe } from './engine-probe.js';
import { createMarketGuard } from './tick-guard.js';
import { warmUp } from './warmup.js';
import { createWhaleService } from './whale-service.js';
import { unlessStopped, within } from './within.js';

/** Longest stop() waits on each non-tick queue (final scan, whale writes). */
const STOP_STEP_MS = 5_000;

export function createEngine(deps: EngineDeps): Engine {
  const { store, feed, rest, writer, clock, settings, control } = deps;
  const { spine } = control;
  const logger = control.logger;
  const tf = settings.strategy.timeframe;
  const bySymbol = new Map<string, Pair>();
  const marks = new Map<string, number>();
  const lastPrices = new Map<string, number>();
  const evaluationListeners = new Set<(e: ScanEntry) => void>();
  const { market, guard } = createMarketGuard({ settings, clock, logger, marks, pair: (s) => bySymbol.get(s), sink: deps.quarantine });
  const recent = new RecentTicks();
  const timers = createEngineTimers(clock, logger);
  let pairs: readonly Pair[] = [];
  let pendingScan: (() => void) | null = null;
  let stopping: Promise<void> | null = null;
  // Aborted by stop(): a start-up step being waited on ends at once (see start()).
  const halt = new AbortController();
  const step = <T>(what: string, p: Promise<T>): Promise<T> => unlessStopped(halt.signal, p, what);

  const onCandleClosed = (c: Candle): void => {
    spine.emit({ type: 'candle.closed', at: clock.now(), candle: c });
    if (c.timeframe !== tf || pendingScan || timers.stopped()) return;
    // All symbols close on the same clock tick: one scan for the lot, shortly after.
    pendingScan = clock.setTimer(250, () => {
      pendingScan = null;
      void scanner.scan();
    });
  };
  const onEvaluated = (e: ScanEntry): void => {
    const r = toSignalRecord(settings.strategy.id, e.time, e.symbol, e.result);
    spine.emit({ type: 'signal.evaluated', at: clock.now(), symbol: e.symbol, signal: { decision: r.decision, reason: r.reason, price: r.price, momentum: r.momentum, volumeRatio: r.volumeRatio, strength: r.strength, at: e.time } });
    for (const l of evaluationListeners) l(e);
  };
  // Late-trade grace and duplicate window are exchange time: scale them with the speed so
  // the same real-time delay is forgiven at 60x as at 1x.
  const speed = settings.marketSpeed;
  const candles = createCandleService({ store, clock, logger, timeframes: TIMEFRAMES, onClosed: onCandleClosed, graceMs: 5_000 * speed, dedupWindowMs: 60_000 * speed });
  const scanner = createScanner({
    strategy: settings.strategy, candles, store, logger, portfolioValue: settings.portfolioValue, onEvaluated,
    pairs: () => pairs, price: (s) => marks.get(s) ?? lastPrices.get(s), now: () => market.observed(),
    blocked: (s) => (gaps.repairing(s) ? 'repairing missed trades (candles incomplete until done)' : null),
    ...(deps.positions ? {
      position: (s: string) => deps.positions?.position(s) ?? null,
      exposure: () => deps.positions?.exposure() ?? { longUsd: 0, shortUsd: 0 },
      vet: (i: OrderIntent) => deps.positions?.vet?.(i) ?? null,
    } : {}),
  });
  const whales = createWhaleService({
    store, logger, pair: (s) => bySymbol.get(s), now: () => market.now(),
    detectionIntervalMs: settings.whaleDetectionIntervalMs, impactHorizonMs: settings.whaleImpactMs,
    onDetected: (w) => spine.emit({ type: 'whale.detected', at: clock.now(), whale: w }),
  });
  const gapCounters = { repairs: 0, repairedTicks: 0 };
  const gaps = createGapCoordinator({
    clock, logger, waitMs: settings.repairWaitMs ?? 3_000,
    lastReceivedBefore: (s, wall) => recent.lastReceivedBefore(s, wall),
    repair: async (symbol, lastKnown, cutoff) => {
      const sink = { push: (t: readonly Tick[]) => ingestTicks(router, t, false) };
      const r = await repairSymbol({ rest, store, logger, venue: deps.venue, recent: (s) => recent.get(s), sink }, symbol, lastKnown, cutoff);
      gapCounters.repairs++;
      gapCounters.repairedTicks += r.stored;
      if (r.hole) recordHole(symbol, r.hole, 'REST history does not reach back');
      if (r.unsure) recordHole(symbol, r.unsure, 'first live millisecond not checked');
    },
  });
  const recordHole = (symbol: string, hole: { readonly from: number; readonly to: number }, reason: string): void =>
    spine.sample((s) => ({ ...s, gaps: { ...s.gaps, holes: s.gaps.holes + 1, recorded: [{ symbol, ...hole, reason }, ...s.gaps.recorded].slice(0, STATE_LIMITS.gaps) } }));
  const router: FeedRouterDeps = { writer, candles, whales, gaps, recent, lastPrices, guard, lastDataAt: new Map() };
  const sampler = createEngineSampler(spine, {
    feed, writer, guard: () => guard.counts(), pairs: () => pairs, timeframe: tf, required: settings.strategy.requiredCandles,
    closed: (s, t) => candles.closed(s, t), forming: (s, t) => candles.forming(s, t),
    marketTime: () => (market.synced() ? market.observed() : null),
    lastPrice: (s) => lastPrices.get(s), markPrice: (s) => marks.get(s),
    activeWalls: () => new Map(whales.active().map((w) => [w.symbol, w.direction])),
    repairing: (s) => gaps.repairing(s), gapCounters: () => ({ ...gapCounters }),
    silentAfterMs: settings.feedSilentMs ?? 15_000,
    ...(deps.accountFeed ? { accountFeed: deps.accountFeed } : {}),
  }, control.alerts);

  const setPairs = (next: readonly Pair[]): void => {
    // Handed out by pairs(): frozen copies, so no caller can change what the engine uses.
    pairs = Object.freeze(next.map((p) => Object.freeze({ ...p })));
    bySymbol.clear();
    for (const p of next) bySymbol.set(p.symbol, p);
  };

  const prune = async (): Promise<void> => {
    if (await store.usesTimescale()) return;
    const removed = await store.pruneTicks(clock.now() - settings.tickRetentionMs, 5_000);
    if (removed > 0) logger.info('retention.pruned', { ticks: removed });
  };

  const warm = async (active: readonly Pair[]): Promise<void> => {
    control.phase('backfilling', { done: 0, total: active.length });
    const required = settings.strategy.requiredCandles;
    // Backfills still in flight past warm-up's deadline land later: they must not put the
    // phase back to backfilling once the engine is live (or stopping).
    let warming = true;
    try {
      const report = await warmUp({
        store, rest, candles, logger, timeframe: tf, required, backfill: settings.backfill, stopped: timers.stopped,
        setTimer: (ms, fn) => clock.setTimer(ms, fn), onProgress: (done, total) => warming && control.phase('backfilling', { done, total }),
      }, active, market.now(), () => clock.now());
      spine.sample((s) => ({ ...s, stats: { ...s.stats, warmupMs: report.ms, backfilledCandles: report.backfilled } }));
    } finally {
      warming = false;
    }
  };

  const startServices = (): void => {
    timers.every(1_000, () => candles.tick(market.observed()), 'candles.clock');
    timers.every(settings.scanIntervalMs, () => scanner.scan(), 'scan');
    timers.every(30_000, () => whales.housekeeping(), 'whales.housekeeping');
    timers.every(3_600_000, prune, 'retention');
    const ages = { retentionDays: settings.tickRetentionMs / 86_400_000, compressionDays: settings.tickCompressionDays };
    store.setTickAges(ages).catch((err: unknown) => logger.warn('retention.policy_failed', { error: errorMessage(err) }));
    void scanner.scan();
  };

  const sampleNow = (): void => sampler.sample(clock.now());

  return registerProbe({
    /**
     * A stop() during start-up ends it at the step it is on: start() then resolves early
     * (between steps) or rejects with APP.STOPPED (while waiting on one).
     */
    async start(): Promise<void> {
      timers.every(settings.sampleMs ?? 250, sampleNow, 'state.sample');
      control.phase('syncing-pairs');
      setPairs(await step('pairs sync', loadPairs({ store, rest, logger, clock, onRecovered: setPairs, stopped: timers.stopped })));
      const active = pairs.filter((p) => p.isActive);
      await step('reading mark prices', syncClock(rest, guard, logger, clock, halt.signal));
      if (timers.stopped()) return;
      const last = await step('reading the last stored ticks', store.lastTicks().catch(() => new Map<string, Tick>()));
      gaps.seed(new Map([...last].map(([s, t]) => [s, t.time])));
      if (timers.stopped()) return;
      writer.start();
      // Collect first: every second spent on warm-up before subscribing is a second of
      // trades only gap repair could bring back.
      control.phase('subscribing');
      feed.onEvent((e) => routeMarketEvent(router, e));
      const subscribedAt = clock.now();
      await step('subscribing', feed.start(active.map((p) => p.symbol)));
      gaps.expect(active.map((p) => p.symbol), subscribedAt);
      sampleNow();
      await step('backfill', warm(active));
      if (timers.stopped()) return;
      startServices();
      control.phase('live');
      sampleNow();
      logger.info('engine.started', { pairs: active.length, venue: deps.venue, timeframe: tf, warmupMs: spine.store.getState().stats.warmupMs });
    },
    stop(): Promise<void> {
      stopping ??= (async () => {
        control.phase('stopping');
        halt.abort();
        timers.stop();
        pendingScan?.();
        await feed.stop();
        await gaps.stop();
        // Ticks first (journaled at once when the database is down); then the other
        // queues, each with a deadline, so an outage cannot stretch the stop to minutes.
        await writer.stop();
        await within(clock, STOP_STEP_MS, 'final scan', scanner.scan()).catch(() => {});
        await within(clock, STOP_STEP_MS, 'whale writes', whales.flush()).catch(() => whales.abandon());
        await within(clock, STOP_STEP_MS, 'quarantine file', guard.flush()).catch(() => {});
        candles.stop();
        sampleNow();
        control.phase('stopped');
        spine.store.flush();
      })();
      return stopping;
    },
    getState: () => spine.store.getState(),
    state: () => spine.store.getState(),
    subscribe: (l) => spine.store.subscribe(l),
    execute: (c, origin) => control.gateway.execute(c, origin),
    onEvent: (l) => control.onEvent(l),
    onEvaluation(l) {
      evaluationListeners.add(l);
      return () => void evaluationListeners.delete(l);
    },
    status: () => (sampleNow(), statusFields(spine.store.getState(), clock.now())),
    summary: () => (sampleNow(), runSummary(spine.store.getState(), clock.now())),
    pairs: (): readonly Pair[] => pairs,
  }, {
    readiness: () => Object.freeze(pairReadiness(pairs, candles, tf, settings.strategy.requiredCandles, market.observed()).map((r) => Object.freeze(r))),
    marketNow: () => market.now(),
    marketObserved: () => market.observed(),
    forming: (symbol, timeframe) => {
      const c = candles.forming(symbol, timeframe);
      return c ? Object.freeze({ ...c }) : null;
    },
    scan: () => scanner.scan(),
  });
}
