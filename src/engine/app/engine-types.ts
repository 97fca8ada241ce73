import type { EngineState } from '../core/spine/engine-state.js';
import type { RunSummary, StatusFields } from '../core/spine/projections.js';
import type { CommandSink, EventSource, StateSource } from '../core/spine/state-source.js';
import type { Exposure, OrderIntent, Strategy, StrategyPosition } from '../core/strategy.js';
import type { Pair, Venue } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AccountFeed, MarketFeed } from '../ports/market-feed.js';
import type { MarketRest } from '../ports/market-rest.js';
import type { Store } from '../ports/store.js';
import type { DeadLetterSink } from '../ports/journal.js';
import type { BatchWriter } from './batch-writer-types.js';
import type { SanityConfig } from './sanity-settings.js';
import type { ScanEntry } from './scanner.js';
import type { EngineControl } from './spine/engine-control.js';

export type { RunSummary, StatusFields };

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
  /** How often the measured parts of the state are sampled (wall ms, default 250). */
  readonly sampleMs?: number;
  /** A feed silent this long (wall ms) raises an alert (default 15 s). */
  readonly feedSilentMs?: number;
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
  /** State, events and commands (made by the composition root, so surfaces exist before the engine). */
  readonly control: EngineControl;
  /** Open positions as the strategy sees them (exits, direction cap); none when trading is off. */
  readonly positions?: {
    position(symbol: string): StrategyPosition | null;
    exposure(): Exposure;
    /** Why an intent would not be traded now (trading state, risk), else null. */
    vet?(intent: OrderIntent): string | null;
  };
  /** Where quarantined ticks are kept (the audit trail of what the guard refused). */
  readonly quarantine?: DeadLetterSink;
  /** The live account stream: its connections shown with the feed's (role `account`), its malformed frames counted with the feed's. */
  readonly accountFeed?: () => AccountFeed;
}

/**
 * A running engine. Surfaces read `getState`/`subscribe`, listen with `onEvent` and send
 * commands with `execute`; nothing else of the engine's services is reachable from here
 * (tests and benchmarks use engine-probe.ts). The app layer (order manager) listens to evaluations.
 */
export interface Engine extends StateSource, CommandSink, EventSource {
  start(): Promise<void>;
  /** Idempotent: every caller waits for the same graceful stop (writer flushed or journaled). */
  stop(): Promise<void>;
  /** The current snapshot (same as getState). */
  state(): EngineState;
  /** Every strategy evaluation, with its order intent when it wants to trade. */
  onEvaluation(listener: (e: ScanEntry) => void): () => void;
  /** Fields of the periodic `engine.status` log line (a projection of the state, sampled now). */
  status(): StatusFields;
  /** The exit summary (a projection of the state, sampled now). */
  summary(): RunSummary;
  /** The pairs from the last sync (frozen): trading's symbol rules, the schema rebuild's pair rows. */
  pairs(): readonly Pair[];
}
