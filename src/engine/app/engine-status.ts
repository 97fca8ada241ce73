/**
 * Read-only views of a running engine: `status()` for periodic logs and the UI,
 * `summary()` for the one-line JSON printed when `nexwave headless` exits.
 */
import { readiness, type Readiness } from '../core/readiness.js';
import type { Pair, Venue } from '../core/types.js';
import type { MarketFeed } from '../ports/market-feed.js';
import type { BatchWriter } from './batch-writer-types.js';
import type { CandleService } from './candle-service.js';
import type { EngineSettings, RunSummary } from './engine-types.js';
import type { MarketClock } from './market-clock.js';
import type { Scanner } from './scanner.js';
import type { TickGuard } from './tick-guard.js';
import type { WarmupReport } from './warmup.js';
import type { WhaleService } from './whale-service.js';

export interface EngineCounters {
  gapRepairs: number;
  gapsRecorded: number;
  repairedTicks: number;
  warmup: WarmupReport | null;
}

export interface EngineView {
  readonly feed: MarketFeed;
  readonly writer: BatchWriter;
  readonly scanner: Scanner;
  readonly whales: WhaleService;
  readonly candles: CandleService;
  readonly pairs: readonly Pair[];
  readonly market: MarketClock;
  readonly settings: EngineSettings;
  readonly counters: EngineCounters;
  readonly guard: TickGuard;
}

export interface PairReadiness extends Readiness {
  readonly symbol: string;
}

export function pairReadiness(v: EngineView): PairReadiness[] {
  const tf = v.settings.strategy.timeframe;
  const now = v.market.observed();
  return v.pairs
    .filter((p) => p.isActive)
    .map((p) => ({ symbol: p.symbol, ...readiness(v.candles.closed(p.symbol, tf), tf, v.settings.strategy.requiredCandles, now) }));
}

export function buildStatus(v: EngineView) {
  const ready = pairReadiness(v);
  const notReady = ready.filter((r) => !r.ready);
  const eta = notReady.reduce((m, r) => Math.max(m, r.readyAt), 0);
  return {
    marketTime: new Date(v.market.now()).toISOString(),
    connections: v.feed.status().map((c) => ({ id: c.id, state: c.state, subs: c.subscriptions, msgPerSec: Math.round(c.messagesPerSecond), reconnects: c.reconnects })),
    feed: v.feed.counters(),
    writer: v.writer.metrics(),
    readiness: { ready: ready.length - notReady.length, total: ready.length, allReadyAt: notReady.length === 0 ? null : new Date(eta).toISOString(), minAvailable: Math.min(...ready.map((r) => r.available)) },
    scanner: v.scanner.counts(),
    whales: v.whales.counts(),
    gaps: { repairs: v.counters.gapRepairs, recorded: v.counters.gapsRecorded, repairedTicks: v.counters.repairedTicks },
    guard: v.guard.counts(),
  };
}

export function buildSummary(v: EngineView & { readonly venue: Venue; readonly runtimeMs: number }): RunSummary {
  const w = v.writer.metrics();
  const f = v.feed.counters();
  const s = v.scanner.counts();
  return {
    runtimeSec: Math.round(v.runtimeMs / 100) / 10,
    venue: v.venue,
    pairs: v.pairs.filter((p) => p.isActive).length,
    ticksReceived: w.received,
    ticksStored: w.stored,
    ticksInserted: w.inserted,
    duplicates: w.duplicates,
    journaled: w.journaled,
    deadLettered: w.deadLettered,
    writerRetries: w.retries,
    reconnects: f.reconnects,
    malformed: Object.values(f.malformed).reduce((a, b) => a + b, 0),
    gapRepairs: v.counters.gapRepairs,
    gapsRecorded: v.counters.gapsRecorded,
    repairedTicks: v.counters.repairedTicks,
    signals: s.evaluations,
    decisions: { long: s.long, short: s.short, exit: s.exit, hold: s.hold },
    orders: 0,
    whalesDetected: v.whales.counts().detected,
    readyPairs: pairReadiness(v).filter((r) => r.ready).length,
    warmupMs: v.counters.warmup?.ms ?? null,
    backfilledCandles: v.counters.warmup?.backfilled ?? 0,
    unknownSymbolTrades: v.guard.counts().unknownSymbol + (f.unsubscribed ?? 0),
    quarantined: v.guard.counts().quarantined,
  };
}
