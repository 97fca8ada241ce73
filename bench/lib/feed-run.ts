/**
 * One feed benchmark run: the simulator (child process) at a fixed trade rate, through the
 * real Pacifica client, the batch writer and a fresh store. Trades flow only between
 * resume and pause, so the simulator's ledger is exactly what the collector had to store.
 */
import { join } from 'node:path';
import { createBatchWriter } from '../../src/engine/app/batch-writer.js';
import type { BatchWriter } from '../../src/engine/app/batch-writer-types.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { createFileDeadLetter, openFileJournal } from '../../src/data/journal/index.js';
import { createPacificaFeed } from '../../src/data/pacifica/feed.js';
import { pollUntil, sleep } from './bench-args.js';
import { freshDir } from './databases.js';
import { sampleProcess } from './proc-sampler.js';
import { forkSimulator, type SimProcess } from './sim-process.js';
import { spread, type Spread } from './stats.js';
import { openBenchStore, type Backend, type BenchStore } from './stores.js';

/** What one run is asked to do. */
export interface FeedCase {
  readonly backend: Backend;
  /** Trades per second the simulator emits across all 34 pairs. */
  readonly rate: number;
  readonly name: string;
  readonly seconds: number;
  readonly serverUrl?: string;
  /** Writer batch rows and flush delay (the app's defaults from config). */
  readonly batchRows: number;
  readonly flushMs: number;
}

/** Figures of one run. */
export interface FeedResult {
  readonly backend: Backend;
  readonly run: string;
  readonly requestedPerSec: number;
  /** Trades the simulator emitted per second while running. */
  readonly offeredPerSec: number;
  /** Rows committed / seconds from the first trade to the last commit (drain included). */
  readonly endToEndPerSec: number;
  readonly latencyMs: Spread;
  readonly cpuPct: number;
  readonly simCpuPct: number;
  readonly peakRssMb: number;
  readonly emitted: number;
  readonly committed: number;
  readonly lost: number;
  readonly journaled: number;
  readonly drainMs: number;
}

/** Run one case end to end and clean up after it. */
export async function runFeedCase(c: FeedCase): Promise<FeedResult> {
  const db = await openBenchStore(c.backend, `feed${c.name}`, c.serverUrl);
  const dir = freshDir('journal');
  const journal = await openFileJournal({ dir: join(dir.value, 'journal'), logger: silentLogger });
  const latencies: number[] = [];
  let lastCommit = 0;
  const writer = createBatchWriter({
    store: db.store, journal, deadLetter: createFileDeadLetter(join(dir.value, 'dead-letter.jsonl')), clock: systemClock,
    logger: silentLogger, maxRows: c.batchRows, maxDelayMs: c.flushMs,
    insert: async (ticks) => {
      const r = await db.insert(ticks);
      const now = Date.now();
      for (const t of ticks) if (t.receivedAt !== undefined) latencies.push(now - t.receivedAt);
      lastCommit = performance.now();
      return r;
    },
  });
  const sim = await forkSimulator({ seed: 7, speed: 1, tradesPerSecond: c.rate, historyDays: 2 });
  const feed = createPacificaFeed({ url: sim.wsUrl, venue: 'simulator', logger: silentLogger });
  feed.onEvent((e) => e.type === 'trades.received' && writer.push(e.trades));
  try {
    await feed.start(sim.symbols);
    if (!(await pollUntil(() => feed.status().every((s) => s.state === 'live'), 20_000))) throw new Error('feed never went live');
    return await measure(c, { sim, writer, store: db.store, latencies, lastCommit: () => lastCommit });
  } finally {
    await feed.stop();
    await sim.stop().catch(() => undefined);
    await writer.stop().catch(() => undefined);
    await journal.close();
    await db.close();
    await dir.dispose();
  }
}

type Parts = {
  readonly sim: SimProcess;
  readonly writer: BatchWriter;
  readonly store: BenchStore['store'];
  readonly latencies: number[];
  readonly lastCommit: () => number;
};

/** Resume, run for the duration, pause, drain everything received, count what was stored. */
async function measure(c: FeedCase, p: Parts): Promise<FeedResult> {
  const usage = sampleProcess();
  const t0 = performance.now();
  const start = await p.sim.resume();
  await sleep(c.seconds * 1000);
  const end = await p.sim.pause();
  const tPause = performance.now();
  const emitted = end.count;
  // Drain: everything the simulator sent reaches the writer, and everything the writer got
  // is committed (a burst past the writer's memory limit is spilled to the journal and
  // replayed from it; stop() alone would leave that part on disk for the next start).
  await whileProgressing(() => p.writer.metrics().received, emitted);
  await whileProgressing(() => p.writer.metrics().stored + p.writer.metrics().deadLettered, p.writer.metrics().received);
  await p.writer.stop();
  const u = usage();
  const committed = await p.store.countTicks();
  const m = p.writer.metrics();
  return {
    backend: c.backend, run: c.name, requestedPerSec: c.rate,
    offeredPerSec: emitted / ((tPause - t0) / 1000),
    endToEndPerSec: committed / ((p.lastCommit() - t0) / 1000),
    latencyMs: spread(p.latencies),
    cpuPct: u.cpuPct, simCpuPct: ((end.cpuMs - start.cpuMs) / (tPause - t0)) * 100, peakRssMb: u.peakRssMb,
    emitted, committed, lost: emitted - committed, journaled: m.journaled,
    drainMs: Math.max(0, p.lastCommit() - tPause),
  };
}

/** Wait until `value()` reaches `goal`, giving up only after 15 s without any progress. */
async function whileProgressing(value: () => number, goal: number): Promise<void> {
  let seen = -1;
  while (value() < goal && value() !== seen) {
    seen = value();
    await pollUntil(() => value() >= goal || value() !== seen, 15_000);
  }
}
