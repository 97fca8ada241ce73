/**
 * `npm run bench -- startup [--json] [--quick]`: how long `nexwave headless` takes to say
 * something and to start collecting, and how much memory it needs, on a fresh and on a
 * reused data dir, on PGlite and (with DATABASE_URL or TEST_DATABASE_URL on loopback)
 * PostgreSQL; then the steady RSS of a longer run on PGlite at the venue's rate (simulator at
 * 1x). Targets: first line < 0.5 s, fresh PGlite ready < 5 s, steady PGlite RSS < 400 MB.
 * Exits 1 when a target fails.
 */
import { parseBenchArgs } from './lib/bench-args.js';
import { benchServerUrl, freshDir, freshPostgres } from './lib/databases.js';
import { runStartup, type StartupResult } from './lib/startup-run.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

const FIRST_LINE_MS = 500;
const FRESH_READY_MS = 5_000;
const STEADY_RSS_MB = 400;

interface Row extends StartupResult {
  readonly backend: 'pglite' | 'postgres';
  readonly run: 'fresh' | 'reused' | 'steady';
  readonly seconds: number;
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('startup', argv);
  const short = args.quick ? 4 : 8;
  const steady = args.seconds ?? (args.quick ? 10 : 90);
  const server = benchServerUrl();
  const notes = 'skip' in server ? [server.skip] : [];
  const say = (s: string): void => void (args.json || process.stderr.write(`startup: ${s}\n`));
  const rows: Row[] = [];
  const dir = freshDir('startup');
  try {
    for (const run of ['fresh', 'reused'] as const) {
      say(`pglite ${run} (${short}s)`);
      rows.push({ backend: 'pglite', run, seconds: short, ...(await runStartup({ dataDir: `${dir.value}/short`, seconds: short, speed: 1 })) });
    }
    if ('url' in server) {
      const db = await freshPostgres(server.url, 'startup');
      try {
        for (const run of ['fresh', 'reused'] as const) {
          say(`postgres ${run} (${short}s)`);
          rows.push({ backend: 'postgres', run, seconds: short, ...(await runStartup({ dataDir: `${dir.value}/pg`, databaseUrl: db.value, seconds: short, speed: 1 })) });
        }
      } finally {
        await db.dispose();
      }
    }
    say(`pglite steady (${steady}s at 1x)`);
    rows.push({ backend: 'pglite', run: 'steady', seconds: steady, ...(await runStartup({ dataDir: `${dir.value}/steady`, seconds: steady, speed: 1 })) });
  } finally {
    await dir.dispose();
  }
  const targets = startupTargets(rows);
  if (args.json) process.stdout.write(`${JSON.stringify({ bench: 'startup', quick: args.quick, runs: rows.map(rounded), targets, notes }, null, 2)}\n`);
  else process.stdout.write(`${humanReport(rows, targets, notes)}\n`);
  return exitCodeFor(targets);
}

const ms = (x: number | null): string => (x === null ? 'never' : `${Math.round(x)} ms`);

function startupTargets(rows: readonly Row[]): TargetResult[] {
  const out: TargetResult[] = [];
  for (const r of rows.filter((x) => x.run !== 'steady')) {
    out.push(target(`first line < ${FIRST_LINE_MS} ms (${r.backend} ${r.run})`, ms(r.firstLineMs), r.firstLineMs !== null && r.firstLineMs < FIRST_LINE_MS));
  }
  const fresh = rows.find((r) => r.backend === 'pglite' && r.run === 'fresh');
  if (fresh) out.push(target(`fresh PGlite data dir collecting < ${FRESH_READY_MS / 1_000} s`, ms(fresh.readyMs), fresh.readyMs !== null && fresh.readyMs < FRESH_READY_MS));
  const st = rows.find((r) => r.run === 'steady');
  if (st) out.push(target(`steady RSS on PGlite at 1x < ${STEADY_RSS_MB} MB`, st.steadyRssMb === null ? 'not measured' : `${Math.round(st.steadyRssMb)} MB over the last third of ${st.seconds} s`, st.steadyRssMb !== null && st.steadyRssMb < STEADY_RSS_MB));
  return out;
}

const rounded = (r: Row) => ({ ...r, firstLineMs: r.firstLineMs && round(r.firstLineMs, 0), readyMs: r.readyMs && round(r.readyMs, 0), peakRssMb: r.peakRssMb && round(r.peakRssMb, 0), steadyRssMb: r.steadyRssMb && round(r.steadyRssMb, 0) });

function humanReport(rows: readonly Row[], targets: readonly TargetResult[], notes: readonly string[]): string {
  const table = rows.map((r) => [r.backend, r.run, r.seconds, ms(r.firstLineMs), ms(r.readyMs), r.peakRssMb === null ? '-' : Math.round(r.peakRssMb), r.steadyRssMb === null ? '-' : Math.round(r.steadyRssMb), String(r.exitCode)]);
  return [
    'startup benchmark: bin/nexwave.js headless --sim as a child process; ready = first feed.live (collecting)',
    '',
    formatTable(['backend', 'run', 'seconds', 'first line', 'ready', 'peak rss MB', 'rss MB (last third)', 'exit'], table),
    '',
    formatTargets(targets),
    ...notes.map((n) => `note: ${n}`),
  ].join('\n');
}

runIfScript(import.meta.url, 'startup', main);
