/**
 * `npm run bench -- memory [--json] [--quick] [--seconds <n>] [--only pglite,postgres]`: the
 * engine's memory as a trader runs it on a small server. `bin/nexwave.js headless` runs as a
 * child process against the simulator in another process at 1,000 trades/s over 34 pairs
 * (several times the venue's usual rate), so /proc's RSS is the engine's alone; for 15 minutes
 * each on the embedded database and (with DATABASE_URL or TEST_DATABASE_URL on loopback)
 * PostgreSQL. The engine runs with the heap limit a small server would give it
 * (`--max-old-space-size=256`; without a limit V8 sizes its heap from the machine's memory, so
 * RSS on a large machine says little about a small one); `--no-heap-limit` measures V8's own
 * sizing instead, where only the trend is judged. RSS is sampled every 2 s. Over the second
 * half of each run (start-up, warm-up and the embedded database filling its caches, about
 * 8 minutes at this rate, excluded): the floor (the lowest RSS of each 30 s) must rise less
 * than FLOOR_MB_PER_MIN, and the highest RSS must stay under the backend's ceiling. --quick (20 s)
 * only shows the figures: it is too short to judge a trend, so its targets are SKIP.
 * Exits 1 when a target fails.
 */
import { parseBenchArgs } from './lib/bench-args.js';
import { benchServerUrl, freshDir, freshPostgres } from './lib/databases.js';
import { runIfScript } from './lib/entry.js';
import { floorSlope, type MemorySample } from './lib/memory-trend.js';
import { runMemoryCase, type MemoryRun } from './lib/memory-run.js';
import { forkSimulator } from './lib/sim-process.js';
import { formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';

const RATE = 1_000;
/** Growth of the RSS floor allowed over a run's second half (MB per minute). */
const FLOOR_MB_PER_MIN = 2;
/** Highest RSS allowed once warmed up (MB, 1e6 bytes): PGlite holds a PostgreSQL in WASM memory. */
const CEILING_MB = { postgres: 300, pglite: 500 } as const;
/** The old-space limit of a small server (MB): what `NODE_OPTIONS=--max-old-space-size=256` sets. */
export const SMALL_SERVER_HEAP_MB = 256;
/** 15 samples of 2 s: one floor point per 30 s. */
const FLOOR_WINDOW = 15;

type Backend = 'pglite' | 'postgres';

interface Row extends MemoryRun {
  readonly backend: Backend;
  readonly seconds: number;
}

export async function main(argv: readonly string[]): Promise<number> {
  const unlimited = argv.includes('--no-heap-limit');
  const args = parseBenchArgs('memory', argv.filter((a) => a !== '--no-heap-limit'));
  const heapLimitMb = unlimited ? null : SMALL_SERVER_HEAP_MB;
  const seconds = args.seconds ?? (args.quick ? 20 : 900);
  const server = benchServerUrl();
  const notes = 'skip' in server ? [server.skip] : [];
  const backends = (['pglite', 'postgres'] as const).filter((b) => (args.only ?? [b]).includes(b) && (b === 'pglite' || 'url' in server));
  const say = (s: string): void => void (args.json || process.stderr.write(`memory: ${s}\n`));
  const sim = await forkSimulator({ seed: 7, speed: 1, tradesPerSecond: RATE, historyDays: 2 });
  const rows: Row[] = [];
  try {
    await sim.resume();
    for (const backend of backends) {
      say(`${backend}: ${seconds} s at ${RATE} trades/s`);
      rows.push({ backend, seconds, ...(await runOne(backend, seconds, sim, 'url' in server ? server.url : undefined, heapLimitMb)) });
    }
  } finally {
    await sim.stop().catch(() => undefined);
  }
  const judged = !args.quick && seconds >= 300;
  const targets = rows.flatMap((r) => memoryTargets(r, judged, heapLimitMb !== null));
  if (args.json) process.stdout.write(`${JSON.stringify({ bench: 'memory', quick: args.quick, rate: RATE, heapLimitMb, runs: rows.map(figures), targets, notes }, null, 2)}\n`);
  else process.stdout.write(`${humanReport(rows, targets, notes, heapLimitMb)}\n`);
  return exitCodeFor(targets);
}

async function runOne(backend: Backend, seconds: number, sim: { wsUrl: string; apiUrl: string }, serverUrl: string | undefined, heapLimitMb: number | null): Promise<MemoryRun> {
  const dir = freshDir(`memory-${backend}`);
  const db = backend === 'postgres' && serverUrl ? await freshPostgres(serverUrl, 'memory') : null;
  try {
    return await runMemoryCase({ dataDir: dir.value, wsUrl: sim.wsUrl, apiUrl: sim.apiUrl, seconds, nodeFlags: heapLimitMb === null ? [] : [`--max-old-space-size=${heapLimitMb}`], ...(db ? { databaseUrl: db.value } : {}) });
  } finally {
    await db?.dispose();
    await dir.dispose();
  }
}

/** The second half of the samples: start-up and warm-up left out. */
const settled = (rss: readonly MemorySample[]): readonly MemorySample[] => rss.slice(Math.floor(rss.length / 2));
const mb = (bytes: number): number => Math.round(bytes / 1e6);

function figures(r: Row) {
  const s = settled(r.rss);
  const stored = typeof r.summary?.ticksStored === 'number' ? r.summary.ticksStored : null;
  return {
    backend: r.backend, seconds: r.seconds, exitCode: r.exitCode, ticksStored: stored,
    rssAtHalfMb: s[0] ? mb(s[0].bytes) : null,
    rssEndMb: r.rss.at(-1) ? mb(r.rss.at(-1)!.bytes) : null,
    settledMaxMb: s.length > 0 ? mb(Math.max(...s.map((x) => x.bytes))) : null,
    peakMb: Math.round(r.peakMb),
    floorMbPerMin: Math.round(floorSlope(r.rss, 1 / 2, FLOOR_WINDOW) * 100) / 100,
  };
}

function memoryTargets(r: Row, judged: boolean, limited: boolean): TargetResult[] {
  const f = figures(r);
  const ok = r.exitCode === 0 && f.settledMaxMb !== null;
  const why = judged ? (limited ? null : 'no heap limit: V8 sized the heap from this machine') : 'too short to judge (run without --quick)';
  return [
    target(`${r.backend}: RSS floor rises < ${FLOOR_MB_PER_MIN} MB/min`, `${f.floorMbPerMin} MB/min${judged ? '' : `; ${why}`}`, judged ? ok && f.floorMbPerMin < FLOOR_MB_PER_MIN : null),
    target(`${r.backend}: RSS once warm < ${CEILING_MB[r.backend]} MB`, `${String(f.settledMaxMb)} MB${why ? `; ${why}` : ''}`, judged && limited ? ok && f.settledMaxMb! < CEILING_MB[r.backend] : null),
  ];
}

function humanReport(rows: readonly Row[], targets: readonly TargetResult[], notes: readonly string[], heapLimitMb: number | null): string {
  const table = rows.map((r) => {
    const f = figures(r);
    return [f.backend, f.seconds, String(f.ticksStored ?? '-'), String(f.rssAtHalfMb ?? '-'), String(f.rssEndMb ?? '-'), String(f.settledMaxMb ?? '-'), f.peakMb, f.floorMbPerMin, String(f.exitCode)];
  });
  return [
    `memory benchmark: bin/nexwave.js headless against the simulator (another process) at ${RATE} trades/s, ${heapLimitMb === null ? 'no heap limit' : `--max-old-space-size=${heapLimitMb}`}; RSS from /proc every 2 s`,
    '',
    formatTable(['backend', 'seconds', 'ticks stored', 'rss at 1/2 MB', 'rss end MB', 'max after 1/2 MB', 'peak MB', 'floor MB/min', 'exit'], table),
    '',
    formatTargets(targets),
    ...notes.map((n) => `note: ${n}`),
  ].join('\n');
}

runIfScript(import.meta.url, 'memory', main);
