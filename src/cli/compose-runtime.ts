/**
 * The one place that picks adapters from config (composition root): store (PGlite or
 * PostgreSQL, simulated data kept apart), journal and dead-letter files, the batch
 * writer, the Pacifica feed and REST client (against the venue or a simulator), and
 * the engine. Used by `headless` now and by the console later.
 */
import { join } from 'node:path';
import { createVwmStrategy } from '../engine/core/vwm.js';
import type { Venue } from '../engine/core/types.js';
import { createBatchWriter } from '../engine/app/batch-writer.js';
import type { BatchWriter } from '../engine/app/batch-writer-types.js';
import { vwmParamsFromConfig } from '../engine/app/strategy-config.js';
import { createEngine } from '../engine/app/engine.js';
import type { Engine } from '../engine/app/engine-types.js';
import type { EngineControl } from '../engine/app/spine/engine-control.js';
import { withSchema } from '../engine/app/ensure-schema.js';
import { isRetryable } from '../engine/core/errors.js';
import { within } from '../engine/app/within.js';
import { systemClock } from '../engine/ports/clock.js';
import type { Store } from '../engine/ports/store.js';
import { createFileDeadLetter } from '../data/journal/dead-letter.js';
import { openFileJournal } from '../data/journal/file-journal.js';
import { createPacificaFeed } from '../data/pacifica/feed.js';
import { createPacificaRest } from '../data/pacifica/rest-client.js';
import { startSimulator, type Simulator } from '../data/simulator/index.js';
import type { CommandContext } from './context.js';
import { openStore } from './open-store.js';
import { createRuntimeControl, runtimeVenue } from './runtime-control.js';

// The control plane lives in a light module so the console paints before this one loads.
export { createRuntimeControl, isLoopback, runtimeVenue } from './runtime-control.js';

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
  readonly where: { readonly database: string; readonly dataDir: string; readonly wsUrl: string; readonly apiUrl: string };
  close(): Promise<void>;
}

export async function openRuntime(ctx: CommandContext, given?: EngineControl): Promise<Runtime> {
  const { config } = ctx;
  const control = given ?? createRuntimeControl(ctx);
  const logger = control.logger;
  const venue = runtimeVenue(ctx);
  control.phase('opening-database');
  const opened = await openStore({ databaseUrl: config.databaseUrl, dataDir: ctx.dataDir, sim: venue === 'simulator', logger });
  const store = withSchema(opened.store, opened.prepare);
  control.spine.sample((s) => ({ ...s, storage: { ...s.storage, backend: store.kind, description: opened.location } }));
  control.phase('migrating');
  await migrateOrWait(store, { ...ctx, logger });
  // Started after the (slow) schema step so the collector subscribes moments after the
  // market opens. The venue's /trades depth is undocumented; the in-process simulator
  // serves 1000 so startup repair reaches its first trade and the ledger check is exact.
  const sim = ctx.args.sim ? await startSimulator({ port: 0, seed: ctx.args.seed, speed: ctx.args.speed, restTradesLimit: 1_000 }) : null;
  const wsUrl = sim?.wsUrl ?? config.pacifica.wsUrl;
  const apiUrl = sim?.apiUrl ?? config.pacifica.apiUrl;
  const dir = venue === 'simulator' ? join(ctx.dataDir, 'sim') : ctx.dataDir;
  const journal = await openFileJournal({ dir: join(dir, 'journal'), logger });
  const deadLetter = createFileDeadLetter(join(dir, 'dead-letter.jsonl'));
  const writer = createBatchWriter({
    store, journal, deadLetter, clock: systemClock, logger,
    maxRows: config.writer.batchRows, maxDelayMs: config.writer.flushMs, memoryLimitRows: config.writer.memoryRows,
    insert: (ticks) => within(systemClock, INSERT_TIMEOUT_MS, store.description, store.insertTicks(ticks), 'STORE.UNAVAILABLE'),
  });
  const feed = createPacificaFeed({ url: wsUrl, venue, logger });
  const rest = createPacificaRest({
    baseUrl: apiUrl, logger, apiKey: config.pacifica.apiKey,
    // The simulator does not rate-limit unless told to; the venue's IP budget is 100 credits/60 s.
    ...(venue === 'simulator' ? { credits: { capacity: 10_000, windowMs: 60_000 } } : {}),
  });
  const engine = createEngine({ store, feed, rest, writer, clock: systemClock, logger, venue, settings: engineSettings(ctx), control });
  return {
    engine, control, store, writer, venue, sim,
    where: { database: opened.location, dataDir: ctx.dataDir, wsUrl, apiUrl },
    async close() {
      await journal.close().catch(() => {});
      await store.close().catch(() => {});
      await sim?.stop();
      control.close();
    },
  };
}

/** Database down at start: say so and keep going (the writer journals); any other failure stops here. */
async function migrateOrWait(store: Store, ctx: CommandContext): Promise<void> {
  try {
    const r = await store.migrate();
    ctx.logger.info('store.migrated', { applied: r.applied.map((m) => m.name), timescale: r.timescale });
  } catch (err) {
    if (!isRetryable(err)) throw err;
    ctx.logger.error('store.unavailable_at_start', { error: err instanceof Error ? err.message : String(err), action: 'collecting to the journal; retrying' });
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
  };
}
