/**
 * The one place that picks adapters from config (composition root): store (PGlite or
 * PostgreSQL, simulated data kept apart), journal and dead-letter files, the batch
 * writer, the Pacifica feed and REST client (against the venue or a simulator), and
 * the engine. Used by `headless` now and by the console later.
 */
import { join } from 'node:path';
import { createVwmStrategy } from '../engine/core/vwm.js';
import type { Pair, Venue } from '../engine/core/types.js';
import { createBatchWriter } from '../engine/app/batch-writer.js';
import type { BatchWriter } from '../engine/app/batch-writer-types.js';
import { vwmParamsFromConfig } from '../engine/app/strategy-config.js';
import { createEngine } from '../engine/app/engine.js';
import type { Engine } from '../engine/app/engine-types.js';
import type { EngineControl } from '../engine/app/spine/engine-control.js';
import { withSchema } from '../engine/app/ensure-schema.js';
import { isRetryable } from '../engine/core/errors.js';
import { closeInOrder } from '../engine/app/stop-bounded.js';
import { throwIfStopped, unlessStopped, within } from '../engine/app/within.js';
import { systemClock } from '../engine/ports/clock.js';
import type { Store } from '../engine/ports/store.js';
import { createFileDeadLetter } from '../data/journal/dead-letter.js';
import { openFileJournal } from '../data/journal/file-journal.js';
import { createPacificaFeed } from '../data/pacifica/feed.js';
import { createPacificaRest } from '../data/pacifica/rest-client.js';
import { ALL_SYMBOLS, startSimulator, type Simulator } from '../data/simulator/index.js';
import type { CommandContext } from './context.js';
import { openStore } from './open-store.js';
import { bindTradingState, createRuntimeControl, resolveVenue } from './runtime-control.js';

// The control plane lives in a light module so the console paints before this one loads.
export { createRuntimeControl, isLoopback, resolveVenue } from './runtime-control.js';
import { lockEngine } from './engine-lock.js';
import { attachTrading, composeTrading, type TradingRuntime } from './compose-trading.js';
import type { Trading } from '../engine/app/trading/trading-service.js';
import type { OrderIntent } from '../engine/core/strategy.js';
import { errorMessage } from '../engine/core/error-message.js';

/**
 * A database call that never settles (a connection lost mid-statement) must not wedge the
 * writer, which has one batch in flight. Giving up is safe: inserts are idempotent
 * (ON CONFLICT DO NOTHING) and candles count only rows actually inserted, so if the
 * abandoned statement did commit, the retry finds its rows and adds nothing twice.
 */
const INSERT_TIMEOUT_MS = 30_000;

export interface Runtime {
  readonly engine: Engine;
  readonly control: EngineControl;
  readonly store: Store;
  readonly writer: BatchWriter;
  readonly venue: Venue;
  readonly sim: Simulator | null;
  readonly trading: Trading;
  readonly where: { readonly database: string; readonly dataDir: string; readonly wsUrl: string; readonly apiUrl: string };
  close(): Promise<void>;
}

/**
 * How to open a runtime. `signal` (default ctx.signal) stops it between steps. Test hooks:
 * `simLedgerFile` keeps every simulated trade in a file (the soak checks all of them);
 * `simPaused` starts the simulated market paused, so a test comparing the ledger with what
 * was stored can resume it once the collector is live (trades from before the collector ran
 * reach it only through REST /trades, and only as far back as that goes).
 */
export interface RuntimeOptions {
  readonly signal?: AbortSignal;
  readonly simLedgerFile?: string;
  readonly simPaused?: boolean;
}

/**
 * Open everything the engine needs; a stop (opts.signal) between steps, or while it waits on
 * a database server, ends it with APP.STOPPED, and what was opened is closed.
 */
export async function openRuntime(ctx: CommandContext, given?: EngineControl, opts: RuntimeOptions = {}): Promise<Runtime> {
  // One engine per data dir (`nexwave flatten` checks this lock before touching the account).
  const releaseEngine = lockEngine(ctx, 'cannot start');
  try {
    return await openLocked(ctx, given, opts, releaseEngine);
  } catch (err) {
    releaseEngine();
    throw err;
  }
}

async function openLocked(ctx: CommandContext, given: EngineControl | undefined, opts: RuntimeOptions, releaseEngine: () => void): Promise<Runtime> {
  const signal = opts.signal ?? ctx.signal;
  const { config } = ctx;
  const control = given ?? createRuntimeControl(ctx, await resolveVenue(ctx));
  const logger = control.logger;
  // Decided once, when the control plane was made (resolveVenue): the state says it too.
  const venue = control.spine.store.getState().run.venue;
  control.phase('opening-database');
  const opened = await openStore({ databaseUrl: config.databaseUrl, dataDir: ctx.dataDir, sim: venue === 'simulator', logger, prepareNow: false });
  let knownPairs: () => readonly Pair[] = () => [];
  // A database that comes back empty gets its schema and the pairs the ticks refer to again.
  const store = withSchema(opened.store, opened.prepare, { logger, onRebuilt: async (s) => void (await s.upsertPairs(knownPairs())) });
  control.spine.sample((s) => ({ ...s, storage: { ...s.storage, backend: store.kind, description: opened.location } }));
  try {
    throwIfStopped(signal, 'opening the database');
    control.phase('migrating');
    // A server may keep us waiting (each call is bounded, but a stop should not wait for
    // that); the embedded database's migrations are local and are let finish.
    const migrating = migrateOrWait(store, { ...ctx, logger }, signal);
    await (store.kind === 'postgres' ? unlessStopped(signal, migrating, 'migrating') : migrating);
    throwIfStopped(signal, 'migrating');
  } catch (err) {
    // Not awaited: a server that never answers must not hold the stop up.
    void store.close().catch(() => undefined);
    if (!given) control.close();
    throw err;
  }
  // Started after the (slow) schema step so the collector subscribes moments after the
  // market opens. The venue's /trades depth is undocumented; the in-process simulator
  // serves 1000 so startup repair reaches its first trade and the ledger check is exact.
  const ledger = opts.simLedgerFile === undefined ? {} : { file: opts.simLedgerFile };
  const faults = opts.simPaused ? { pausedSymbols: ALL_SYMBOLS } : undefined;
  const sim = ctx.args.sim ? await startSimulator({ port: 0, seed: ctx.args.seed, speed: ctx.args.speed, restTradesLimit: 1_000, ledger, faults }) : null;
  const wsUrl = sim?.wsUrl ?? config.pacifica.wsUrl;
  const apiUrl = sim?.apiUrl ?? config.pacifica.apiUrl;
  const dir = venue === 'simulator' ? join(ctx.dataDir, 'sim') : ctx.dataDir;
  const journal = await openFileJournal({ dir: join(dir, 'journal'), logger });
  const deadLetter = createFileDeadLetter(join(dir, 'dead-letter.jsonl'));
  const writer = createBatchWriter({
    store, journal, deadLetter, clock: systemClock, logger,
    maxRows: config.writer.batchRows, maxDelayMs: config.writer.flushMs, memoryLimitRows: config.writer.memoryRows,
    outageJournalMs: config.writer.outageJournalMs,
    insert: (ticks) => within(systemClock, INSERT_TIMEOUT_MS, store.description, store.insertTicks(ticks), 'STORE.UNAVAILABLE'),
  });
  const feed = createPacificaFeed({ url: wsUrl, venue, logger });
  const rest = createPacificaRest({
    baseUrl: apiUrl, logger, apiKey: config.pacifica.apiKey,
    // The simulator does not rate-limit unless told to; the venue's IP budget is 100 credits/60 s.
    ...(venue === 'simulator' ? { credits: { capacity: 10_000, windowMs: 60_000 } } : {}),
  });
  const quarantine = createFileDeadLetter(join(dir, 'quarantine.jsonl'), Date.now, { maxBytes: config.quarantineMaxMb * 1e6 });
  let tradingRef: Trading | null = null;
  const positions = {
    position: (s: string) => tradingRef?.position(s) ?? null,
    exposure: () => tradingRef?.exposure() ?? { longUsd: 0, shortUsd: 0 },
    vet: (i: OrderIntent) => tradingRef?.vet(i) ?? null,
  };
  let tradingRuntime: TradingRuntime | null = null;
  const accountFeed = () => tradingRuntime?.accountFeed() ?? { connections: [], malformed: {} };
  const engine = createEngine({ store, feed, rest, writer, clock: systemClock, logger, venue, quarantine, settings: { ...engineSettings(ctx), localClock: venue === 'pacifica' }, control, positions, accountFeed });
  knownPairs = () => engine.pairs();
  await bindTradingState(control, async (s) => {
    await store.trading?.saveTradingState(s, control.spine.store.getState().run.mode).catch((err: unknown) => logger.warn('trading_state.unsaved', { error: errorMessage(err) }));
  });
  const tr: TradingRuntime = await composeTrading({ config, control, clock: systemClock, store, feed, pairs: () => engine.pairs(), speed: ctx.args.sim ? ctx.args.speed : 1, apiUrl, wsUrl, venue, keepDir: dir });
  tradingRef = tr.trading;
  tradingRuntime = tr;
  const detach = attachTrading(engine, tr.trading);
  return {
    engine, control, store, writer, venue, sim, trading: tr.trading,
    where: { database: opened.location, dataDir: ctx.dataDir, wsUrl, apiUrl },
    async close() {
      detach();
      await closeInOrder([
        { name: 'trading', close: () => tr.close() },
        { name: 'journal', close: () => journal.close() },
        { name: 'database', close: () => store.close() },
        { name: 'simulator', close: () => sim?.stop() },
      ], systemClock, logger);
      control.close();
      releaseEngine();
    },
  };
}

/** Database down at start: say so and keep going (the writer journals); any other failure stops here. */
async function migrateOrWait(store: Store, ctx: CommandContext, signal: AbortSignal): Promise<void> {
  try {
    const r = await store.migrate();
    ctx.logger.info('store.migrated', { applied: r.applied.map((m) => m.name), timescale: r.timescale });
  } catch (err) {
    if (!isRetryable(err)) throw err;
    // Stopped meanwhile: the summary is out already and must stay the last line.
    if (signal.aborted) return;
    ctx.logger.error('store.unavailable_at_start', { error: errorMessage(err), action: 'collecting to the journal; retrying' });
  }
}

function engineSettings(ctx: CommandContext) {
  const c = ctx.config;
  const strategy = createVwmStrategy(vwmParamsFromConfig(c), c.strategy.id);
  return {
    strategy,
    portfolioValue: c.portfolioValue,
    backfill: c.backfill,
    scanIntervalMs: c.scanIntervalSec * 1_000,
    whaleDetectionIntervalMs: c.whales.detectionIntervalSec * 1_000,
    whaleImpactMs: c.whales.impactMinutes * 60_000,
    tickRetentionMs: c.retention.tickRetentionDays * 86_400_000,
    tickCompressionDays: c.retention.tickCompressionDays,
    marketSpeed: ctx.args.sim ? ctx.args.speed : 1,
    sanity: c.sanity,
  };
}
