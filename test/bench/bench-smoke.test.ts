/**
 * The benchmarks must not rot: each runs in its tiny `--quick --json` mode as a child
 * process of the built files (as `npm run bench` runs them) and its figures are checked
 * for shape and for the correctness parts (nothing lost, every pair evaluated and ready).
 * Timing targets are NOT asserted here: they belong to the benchmark's own PASS/FAIL.
 * PostgreSQL runs too when TEST_DATABASE_URL is set.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasPg } from '../helpers/pg.js';

const ROOT = resolve(import.meta.dirname, '../..');
interface FeedRun {
  backend: string;
  emitted: number;
  committed: number;
  lost: number;
  endToEndPerSec: number;
  peakRssMb: number;
  latencyMs: { samples: number; median: number; p99: number };
}

const backends = hasPg ? ['postgres', 'pglite'] : ['pglite'];

interface Target {
  target: string;
  pass: boolean | null;
}

/**
 * Run a benchmark in --quick --json mode. Its exit code must say what its targets say: 1
 * when one it prints as FAIL failed, else 0 (timings themselves are the bench's business).
 */
function bench(name: string): Promise<Record<string, unknown>> {
  // Only TEST_DATABASE_URL may name a server here, never a developer's DATABASE_URL.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, [join(ROOT, `dist/bench/${name}.js`), '--quick', '--json'], { cwd: ROOT, env, timeout: 90_000 }, (err, stdout, stderr) => {
      let doc: { targets: Target[] };
      try {
        doc = JSON.parse(stdout) as { targets: Target[] };
      } catch {
        return fail(new Error(`bench ${name} failed: ${err?.message ?? 'no JSON'}\n${stderr}`));
      }
      const failed = doc.targets.filter((t) => t.pass === false).map((t) => t.target);
      try {
        expect({ code: child.exitCode, failed }).toEqual({ code: failed.length > 0 ? 1 : 0, failed });
      } catch (e) {
        return fail(e);
      }
      done(doc as unknown as Record<string, unknown>);
    });
  });
}

function usage(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [join(ROOT, 'dist/bench/run.js'), ...args], { cwd: ROOT, timeout: 30_000 }, (_err, _stdout, stderr) => done({ code: child.exitCode, stderr }));
  });
}

beforeAll(() => {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // type errors are reported by `npm run typecheck`; the emitted JavaScript is still current
  }
  expect(existsSync(join(ROOT, 'dist/bench/feed.js'))).toBe(true);
}, 120_000);

describe('benchmark usage', () => {
  it('every benchmark that prints targets exits through exitCodeFor (1 on a FAIL)', () => {
    const benches = readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.ts') && f !== 'run.ts');
    expect(benches.length).toBeGreaterThan(0);
    for (const f of benches) {
      const text = readFileSync(join(ROOT, 'bench', f), 'utf8');
      if (text.includes('formatTargets') || text.includes('Targets(')) expect({ f, exits: /return exitCodeFor\(/.test(text) }).toEqual({ f, exits: true });
    }
  });

  it.each([[[]], [['nope']], [['feed', '--bogus']]])('%j prints a usage line that lists --quick and exits non-zero', async (args) => {
    const r = await usage(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/usage: npm run bench -- .*\[--quick\]/);
  });
});

describe('benchmarks in --quick mode', () => {
  it('startup: fresh and reused data dirs on every backend, then a steady run, with figures', async () => {
    const doc = (await bench('startup')) as { runs: Array<{ backend: string; run: string; firstLineMs: number | null; peakRssMb: number | null }>; targets: Array<{ target: string; pass: boolean | null }> };
    const expected = backends.slice().reverse().flatMap((b) => [[b, 'fresh'], [b, 'reused']]);
    expect(doc.runs.map((r) => [r.backend, r.run])).toEqual([...expected, ['pglite', 'steady']]);
    for (const r of doc.runs) {
      expect(r.firstLineMs).toBeGreaterThan(0);
      expect(r.peakRssMb).toBeGreaterThan(0);
    }
    expect(doc.targets.map((t) => t.target)).toContain('fresh PGlite data dir collecting < 5 s');
  }, 90_000);

  it('feed: every backend stores exactly what the simulator emitted, with figures', async () => {
    const doc = (await bench('feed')) as { runs: FeedRun[]; targets: Array<{ target: string; pass: boolean | null }> };
    expect(doc.runs.map((r) => r.backend)).toEqual(backends);
    for (const r of doc.runs) {
      expect(r.emitted).toBeGreaterThan(1_000);
      expect(r.committed).toBe(r.emitted);
      expect(r.lost).toBe(0);
      expect(r.endToEndPerSec).toBeGreaterThan(0);
      expect(r.peakRssMb).toBeGreaterThan(0);
      expect(r.latencyMs.samples).toBe(r.emitted);
      expect(r.latencyMs.p99).toBeGreaterThanOrEqual(r.latencyMs.median);
    }
    expect(doc.targets.find((t) => t.target.startsWith('nothing lost'))?.pass).toBe(true);
  }, 90_000);

  it('scan: the engine evaluates all 34 pairs, the view returns 20 candles each, and a start gets all 34 ready', async () => {
    const doc = (await bench('scan')) as {
      levels: Array<{ backend: string; ticks: number; decidedPairs: number; pairs: number; viewRowsPerPair: number; candlesPerPair: number; ratio: number; evaluateMs: { median: number } }>;
      ready: Array<{ backend: string; cold: { ready: number; total: number; ms: number | null }; restart: { ready: number; total: number; ms: number | null; backfilled: number } }>;
    };
    expect(doc.levels.map((l) => [l.backend, l.ticks])).toEqual(backends.map((b) => [b, 100_000]));
    for (const l of doc.levels) {
      expect(l.pairs).toBe(34);
      expect(l.decidedPairs).toBe(34);
      expect(l.viewRowsPerPair).toBe(20);
      expect(l.candlesPerPair).toBeGreaterThanOrEqual(21);
      expect(l.evaluateMs.median).toBeGreaterThan(0);
      expect(l.ratio).toBeGreaterThan(1);
    }
    for (const r of doc.ready) {
      expect([r.cold.ready, r.cold.total, r.restart.ready, r.restart.total]).toEqual([34, 34, 34, 34]);
      expect(r.restart.backfilled).toBe(0);
    }
  }, 90_000);

  it('flatten: the kill switch ends flat for 1, 10 and 34 positions, paper and signed against the simulator, with figures', async () => {
    const doc = (await bench('flatten')) as { rows: Array<{ broker: string; positions: number; flat: boolean; medianMs: number }>; targets: Target[] };
    expect(doc.rows.map((r) => [r.broker, r.positions, r.flat])).toEqual(['paper', 'simulator'].flatMap((b) => [[b, 1, true], [b, 10, true], [b, 34, true]]));
    for (const r of doc.rows) expect(r.medianMs).toBeGreaterThan(0);
    expect(doc.targets.find((t) => t.target === 'every run ends flat')?.pass).toBe(true);
  }, 90_000);

  it('attach: an attached client receives patches from a live engine, with figures', async () => {
    const doc = (await bench('attach')) as { result: { bytesPerSec: number; fullStateBytes: number; firstStateMs: { samples: number }; firstPaintMs: { samples: number; median: number } }; targets: unknown[] };
    expect(doc.result.bytesPerSec).toBeGreaterThan(0);
    expect(doc.result.fullStateBytes).toBeGreaterThan(1_000);
    expect(doc.result.firstStateMs.samples).toBe(3);
    expect(doc.result.firstPaintMs.median).toBeGreaterThan(0);
    expect(doc.targets).toHaveLength(2);
  }, 90_000);

  it('state: a 1k ticks/s run measures the cost, the changed bytes and a 34-pair snapshot', async () => {
    const doc = (await bench('state')) as { runs: Array<{ rate: number; ticksPerSec: number; costPct: number; changedBytesPerSec: number; snapshotBytes: number; pairs: number }>; worstCaseSnapshotBytes: number };
    expect(doc.runs).toHaveLength(1);
    const r = doc.runs[0]!;
    expect(r.pairs).toBe(34);
    expect(r.ticksPerSec).toBeGreaterThan(100);
    expect(r.costPct).toBeGreaterThan(0);
    expect(r.changedBytesPerSec).toBeGreaterThan(0);
    expect(r.snapshotBytes).toBeGreaterThan(10_000);
    expect(doc.worstCaseSnapshotBytes).toBeGreaterThan(r.snapshotBytes);
  }, 90_000);

  it('ui: console and headless both measured (CPU, event-loop delay, bytes to the terminal, first paint)', async () => {
    const doc = (await bench('ui')) as unknown as { runs: Array<{ run: string; results: Array<{ command: string; cpuPct: number; loopP99Ms: number; bytesPerSec: number; offeredPerSec: number }> }>; firstPaintMs: { runs: (number | null)[]; median: number | null } | null; targets: unknown[] };
    expect(doc.runs.map((r) => r.run)).toEqual(['1k']);
    const [headless, console] = doc.runs[0]?.results ?? [];
    expect([headless?.command, console?.command]).toEqual(['headless', 'console']);
    for (const r of [headless, console]) {
      expect(r?.cpuPct).toBeGreaterThan(0);
      expect(r?.loopP99Ms).toBeGreaterThan(0);
      expect(r?.offeredPerSec).toBeGreaterThan(100);
    }
    expect(console?.bytesPerSec).toBeGreaterThan(0);
    // Measured in a real terminal (util-linux `script`, on every machine here): three runs, each painted.
    expect(doc.firstPaintMs?.runs).toHaveLength(3);
    expect(doc.firstPaintMs?.median).toBeGreaterThan(0);
    expect(doc.targets).toHaveLength(4);
  }, 90_000);

  it('flood: trades for unknown symbols are all dropped and counted, no valid trade missing, with heap figures', async () => {
    const doc = (await bench('flood')) as { distinctUnknown: number; dropped: number; missing: number; validDuringFlood: number; heapGrowthMb: number };
    expect(doc.dropped).toBeGreaterThanOrEqual(doc.distinctUnknown);
    expect(doc.validDuringFlood).toBeGreaterThan(0);
    expect(doc.missing).toBe(0);
    expect(typeof doc.heapGrowthMb).toBe('number');
  }, 90_000);
  it('memory: headless runs against the simulator on every backend, sampled from /proc, targets SKIP when too short', async () => {
    const doc = (await bench('memory')) as { runs: Array<{ backend: string; exitCode: number; ticksStored: number | null; rssEndMb: number | null; peakMb: number }>; targets: Target[] };
    expect(doc.runs.map((r) => r.backend).sort()).toEqual([...backends].sort());
    for (const r of doc.runs) {
      expect(r.exitCode).toBe(0);
      expect(r.ticksStored).toBeGreaterThan(0);
      expect(r.rssEndMb).toBeGreaterThan(20);
      expect(r.peakMb).toBeGreaterThanOrEqual(r.rssEndMb!);
    }
    expect(doc.targets.length).toBe(2 * doc.runs.length);
    expect(doc.targets.every((t) => t.pass === null)).toBe(true);
  }, 90_000);
});
