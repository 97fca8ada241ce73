import type { Strategy } from '../core/strategy.js';
import type { Venue } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MarketFeed } from '../ports/market-feed.js';
import type { MarketRest } from '../ports/market-rest.js';
import type { Store } from '../ports/store.js';
import type { DeadLetterSink } from '../ports/journal.js';
import type { BatchWriter } from './batch-writer-types.js';
import type { SanityConfig } from './sanity-settings.js';

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
  /** Sanity bands for market data (default DEFAULT_SANITY). */
  readonly sanity?: SanityConfig;
  /** True when exchange time must also agree with the local clock (the venue, not a simulator). */
  readonly localClock?: boolean;
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
  /** Where quarantined ticks are kept (the audit trail of what the guard refused). */
  readonly quarantine?: DeadLetterSink;
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
  /** Trades for symbols the engine does not collect, dropped at the edge. */
  readonly unknownSymbolTrades: number;
  /** Ticks quarantined by the sanity bands plus books/marks ignored, by reason. */
  readonly quarantined: Readonly<Partial<Record<string, number>>>;
}
