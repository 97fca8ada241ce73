/**
 * `npm run bench -- feed [--json] [--quick] [--seconds n] [--only 400,4k,20k,max]` (issue 3):
 * the simulator sending through the real Pacifica client, the batch writer and the store,
 * on PostgreSQL and PGlite, at 400 trades/s steady, 4k/s and 20k/s bursts and a "max"
 * run. Prints end-to-end ticks/s, tick-to-database latency, CPU, RSS and the ledger check.
 */
import { parseConfig } from '../src/engine/app/config.js';
import { parseBenchArgs } from './lib/bench-args.js';
import { benchServerUrl } from './lib/databases.js';
import { runFeedCase, type FeedResult } from './lib/feed-run.js';
import { round } from './lib/stats.js';
import type { Backend } from './lib/stores.js';
import { formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

/** Requested rate of each named run; "max" asks for more than the collector can take. */
const RUNS: ReadonlyArray<{ readonly name: string; readonly rate: number }> = [
  { name: '400', rate: 400 },
  { name: '4k', rate: 4_000 },
  { name: '20k', rate: 20_000 },
  { name: 'max', rate: 60_000 },
];
const QUICK_RUNS = [{ name: '2k', rate: 2_000 }];

/** Run the feed benchmark; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('feed', argv);
  const seconds = args.seconds ?? (args.quick ? 2 : 12);
  const runs = (args.quick ? QUICK_RUNS : RUNS).filter((r) => !args.only || args.only.includes(r.name));
  const server = benchServerUrl();
  const backends: Backend[] = 'url' in server ? ['postgres', 'pglite'] : ['pglite'];
  const notes = 'skip' in server ? [server.skip] : [];
  const defaults = parseConfig({ NEXWAVE_DATA_DIR: '/tmp' });
  const writer = defaults.ok ? defaults.config.writer : { batchRows: 1000, flushMs: 250 };
  const results: FeedResult[] = [];
  for (const backend of backends) {
    for (const r of runs) {
      if (!args.json) process.stderr.write(`feed: ${backend} ${r.name} (${r.rate}/s for ${seconds}s) ...\n`);
      results.push(await runFeedCase({ backend, rate: r.rate, name: r.name, seconds, batchRows: writer.batchRows, flushMs: writer.flushMs, ...('url' in server ? { serverUrl: server.url } : {}) }));
    }
  }
  const targets = feedTargets(results);
  if (args.json) {
    const doc = { bench: 'feed', quick: args.quick, secondsPerRun: seconds, writer, runs: results.map(rounded), targets, notes };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else process.stdout.write(`${humanReport(results, targets, notes, seconds)}\n`);
  return exitCodeFor(targets);
}

function feedTargets(results: readonly FeedResult[]): TargetResult[] {
  const pg = results.filter((r) => r.backend === 'postgres');
  // Judged only by runs offered at least the target rate: a --quick or --only 400 run
  // cannot reach 20k/s and says nothing about it.
  const atRate = pg.filter((r) => r.requestedPerSec >= 20_000);
  const best = Math.max(0, ...atRate.map((r) => r.endToEndPerSec));
  const out = [target('>= 20k ticks/s end to end into PostgreSQL', atRate.length ? `best ${Math.round(best)} ticks/s` : pg.length ? 'not measured (no run offered >= 20k/s)' : 'not run', atRate.length ? best >= 20_000 : null)];
  for (const r of results.filter((x) => x.run === '4k')) {
    out.push(target(`p99 tick-to-database <= 1 s at 4k/s (${r.backend})`, `p99 ${Math.round(r.latencyMs.p99)} ms`, r.latencyMs.p99 <= 1_000));
  }
  const lost = results.reduce((n, r) => n + Math.abs(r.lost), 0);
  out.push(target('nothing lost (stored == simulator ledger)', lost === 0 ? `${results.length} runs exact` : `${lost} ticks differ`, lost === 0));
  return out;
}

const rounded = (r: FeedResult) => ({
  ...r,
  offeredPerSec: round(r.offeredPerSec, 0), endToEndPerSec: round(r.endToEndPerSec, 0), cpuPct: round(r.cpuPct, 1),
  simCpuPct: round(r.simCpuPct, 1), peakRssMb: round(r.peakRssMb, 1), drainMs: round(r.drainMs, 0),
  latencyMs: { samples: r.latencyMs.samples, median: r.latencyMs.median, p99: r.latencyMs.p99, max: r.latencyMs.max },
});

function humanReport(results: readonly FeedResult[], targets: readonly TargetResult[], notes: readonly string[], seconds: number): string {
  const rows = results.map((r) => [
    r.backend, r.run, r.offeredPerSec, r.endToEndPerSec, r.latencyMs.median, r.latencyMs.p99, r.cpuPct, r.simCpuPct, r.peakRssMb,
    r.emitted, r.committed, r.lost === 0 ? 'ok' : `LOST ${r.lost}`,
  ]);
  const head = ['backend', 'run', 'offered/s', 'e2e ticks/s', 'p50 ms', 'p99 ms', 'cpu %', 'sim cpu %', 'peak rss MB', 'emitted', 'stored', 'check'];
  return [
    `feed benchmark: simulator (child process) -> Pacifica client -> batch writer -> store; ${seconds}s per run`,
    'e2e = rows committed / time from first trade to last commit; latency = commit time - receive time',
    '',
    formatTable(head, rows),
    '',
    formatTargets(targets),
    ...notes.map((n) => `note: ${n}`),
  ].join('\n');
}

runIfScript(import.meta.url, 'feed', main);
