import type { Strategy } from '../core/strategy.js';
import type { Venue } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MarketFeed } from '../ports/market-feed.js';
import type { MarketRest } from '../ports/market-rest.js';
import type { Store } from '../ports/store.js';
import type { BatchWriter } from './batch-writer-types.js';

/** Engine settings, taken from Config by the composition root. */
export interface EngineSettings {
  readonly strategy: Strategy;
  readonly portfolioValue: number;
  readonly backfill: boolean;
  readonly scanIntervalMs: number;
  readonly whaleDetectionIntervalMs: number;
  readonly whaleImpactMs: number;
  readonly tickRetentionMs: number;
  /** TimescaleDB only: compress ticks older than this many days. */
  readonly tickCompressionDays: number;
  /** Exchange time per wall time (1 for the venue; the simulator's --speed). */
  readonly marketSpeed: number;
  /** How long to wait for a live trade before a startup/reconnect repair runs anyway (ms). */
  readonly repairWaitMs?: number;
}

export interface EngineDeps {
  readonly store: Store;
  readonly feed: MarketFeed;
  readonly rest: MarketRest;
  readonly writer: BatchWriter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly venue: Venue;
  readonly settings: EngineSettings;
}

/** The one-line JSON summary printed when `nexwave headless` exits. */
export interface RunSummary {
  readonly runtimeSec: number;
  readonly venue: Venue;
  readonly pairs: number;
  readonly ticksReceived: number;
  readonly ticksStored: number;
  readonly ticksInserted: number;
  readonly duplicates: number;
  readonly journaled: number;
  readonly deadLettered: number;
  readonly writerRetries: number;
  readonly reconnects: number;
  readonly malformed: number;
  readonly gapRepairs: number;
  readonly gapsRecorded: number;
  readonly repairedTicks: number;
  readonly signals: number;
  readonly decisions: { readonly long: number; readonly short: number; readonly exit: number; readonly hold: number };
  readonly orders: number;
  readonly whalesDetected: number;
  readonly readyPairs: number;
  readonly warmupMs: number | null;
  readonly backfilledCandles: number;
}
