import type { EngineEvent } from '../core/spine/engine-event.js';
import type { EngineState } from '../core/spine/engine-state.js';
import type { RunSummary, StatusFields } from '../core/spine/projections.js';
import type { CommandSink, StateSource } from '../core/spine/state-source.js';
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
import type { CandleService } from './candle-service.js';
import type { PairReadiness } from './engine-readiness.js';
import type { MarketClock } from './market-clock.js';
import type { ScanEntry, Scanner } from './scanner.js';
import type { CommandGateway } from './spine/command-gateway.js';
import type { EngineControl } from './spine/engine-control.js';
import type { WhaleService } from './whale-service.js';

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
 * A running engine. Surfaces read `getState`/`subscribe` and send commands with `execute`;
 * the app layer (order manager, tests) may listen to events and evaluations.
 */
export interface Engine extends StateSource, CommandSink {
  start(): Promise<void>;
  /** Idempotent: every caller waits for the same graceful stop (writer flushed or journaled). */
  stop(): Promise<void>;
  /** The current snapshot (same as getState). */
  state(): EngineState;
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** Every strategy evaluation, with its order intent when it wants to trade. */
  onEvaluation(listener: (e: ScanEntry) => void): () => void;
  /** Where trading registers its command handlers. */
  readonly gateway: CommandGateway;
  /** Fields of the periodic `engine.status` log line (a projection of the state). */
  status(): StatusFields;
  /** The exit summary (a projection of the state). */
  summary(): RunSummary;
  /** Gap repairs awaited, running or retrying. */
  gapsPending(): number;
  /** Per active pair: closed candles available / required, what is missing, when ready, holes. */
  readiness(): PairReadiness[];
  pairs(): readonly Pair[];
  readonly market: MarketClock;
  readonly candles: CandleService;
  readonly scanner: Scanner;
  readonly whales: WhaleService;
}
