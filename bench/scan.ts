/**
 * `npm run bench -- scan [--json] [--quick]` (issue 4): evaluating all 34 pairs from the
 * engine's in-memory state beside the seed's candles_15m_ohlcv view for the same 20
 * candles per pair, at 100k, 1M and 10M stored ticks, as ratios in one run; then start to
 * all-34-ready against the simulator, cold with backfill and restarted from stored history.
 */
import { createVwmStrategy } from '../src/engine/core/vwm.js';
import { parseBenchArgs } from './lib/bench-args.js';
import { benchServerUrl, freshDir, freshPostgres } from './lib/databases.js';
import { timeStartToReady, type ReadyResult } from './lib/ready-run.js';
import { openScanDb } from './lib/scan-db.js';
import { buildEngineState, timeEvaluate, timeScanner, timeView } from './lib/scan-measure.js';
import { roundLevel, scanReport, scanTargets, type LevelResult, type ReadyRow } from './lib/scan-report.js';
import { exitCodeFor } from './lib/targets.js';
import type { Backend } from './lib/stores.js';
import { runIfScript } from './lib/entry.js';

/** 7 minutes into a 15-minute bucket, so there is a forming candle as in a live scan. */
const NOW = Date.UTC(2025, 0, 8, 0, 7);
const PGLITE_MAX_TICKS = 1_000_000;

interface Plan {
  readonly levels: readonly number[];
  readonly evalRuns: number;
  readonly scannerRuns: number;
  readonly viewRuns: (ticks: number) => number;
}

const FULL: Plan = { levels: [100_000, 1_000_000, 10_000_000], evalRuns: 2_000, scannerRuns: 200, viewRuns: (n) => (n >= 10_000_000 ? 1 : n >= 1_000_000 ? 3 : 10) };
const QUICK: Plan = { levels: [100_000], evalRuns: 200, scannerRuns: 20, viewRuns: () => 2 };

/** Run the scan benchmark; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('scan', argv);
  const plan = args.quick ? QUICK : FULL;
  const server = benchServerUrl();
  const serverUrl = 'url' in server ? server.url : undefined;
  const backends: Backend[] = serverUrl ? ['postgres', 'pglite'] : ['pglite'];
  const notes = 'skip' in server ? [server.skip] : [];
  if (!args.quick) notes.push(`PGlite stops at ${PGLITE_MAX_TICKS.toLocaleString('en-US')} ticks: generating 10M rows in the embedded (WASM, single-threaded) database takes too long for a benchmark run`);
  const log = (s: string): void => void (args.json || process.stderr.write(`scan: ${s}\n`));
  const levels: LevelResult[] = [];
  for (const backend of backends) levels.push(...(await runLevels(backend, plan, serverUrl, log)));
  const ready: ReadyRow[] = [];
  for (const backend of backends) ready.push(await runReady(backend, serverUrl, log));
  const targets = scanTargets(levels, ready);
  const doc = { bench: 'scan', quick: args.quick, viewQuery: 'one query per pair (34 per scan), as the old engine ran it', levels: levels.map(roundLevel), ready, targets, notes };
  process.stdout.write(`${args.json ? JSON.stringify(doc, null, 2) : scanReport(doc)}\n`);
  return exitCodeFor(targets);
}

async function runLevels(backend: Backend, plan: Plan, serverUrl: string | undefined, log: (s: string) => void): Promise<LevelResult[]> {
  const strategy = createVwmStrategy();
  const db = await openScanDb(backend, serverUrl);
  const out: LevelResult[] = [];
  try {
    let stored = 0;
    for (const ticks of plan.levels.filter((n) => backend === 'postgres' || n <= PGLITE_MAX_TICKS)) {
      log(`${backend}: generating ticks up to ${ticks.toLocaleString('en-US')} ...`);
      const g0 = performance.now();
      await db.addTicks(ticks - stored, stored + 1, NOW);
      const generateMs = performance.now() - g0;
      stored = ticks;
      const state = await buildEngineState(db, strategy, NOW);
      const evaluate = timeEvaluate(strategy, state, NOW, plan.evalRuns);
      const scanner = await timeScanner(db, strategy, state, NOW, plan.scannerRuns);
      log(`${backend}: view at ${ticks.toLocaleString('en-US')} ticks ...`);
      const view = await timeView(db, state.pairs, plan.viewRuns(ticks));
      out.push({ backend, ticks, generateMs, candlesPerPair: state.candlesPerPair, pairs: state.pairs.length, decidedPairs: evaluate.decidedPairs, evaluateMs: evaluate.ms, scannerMs: scanner, viewMs: view.ms, viewRowsPerPair: view.rowsPerPair, ratio: view.ms.median / evaluate.ms.median });
    }
  } finally {
    await db.close();
  }
  return out;
}

async function runReady(backend: Backend, serverUrl: string | undefined, log: (s: string) => void): Promise<ReadyRow> {
  const dir = freshDir('ready');
  const db = backend === 'postgres' && serverUrl ? await freshPostgres(serverUrl, 'ready') : null;
  try {
    log(`${backend}: start to ready (backfill) ...`);
    const cold: ReadyResult = await timeStartToReady(dir.value, db?.value, true, 30_000);
    log(`${backend}: restart from stored history (no backfill) ...`);
    const restart: ReadyResult = await timeStartToReady(dir.value, db?.value, false, 15_000);
    return { backend, cold, restart };
  } finally {
    await db?.dispose();
    await dir.dispose();
  }
}

runIfScript(import.meta.url, 'scan', main);
