/**
 * `npm run bench -- ui [--json] [--quick] [--seconds n] [--only 1k,5k]`: the console
 * process (`nexwave console` through the real CLI, stdout a counting terminal) against the
 * simulator at 1k and 5k trades/s, beside `nexwave headless` at the same rate. Prints CPU
 * (all threads; 100% = one core), event-loop delay p99, bytes written to the terminal per
 * second, with the targets' PASS/FAIL; and the first paint as a user sees it: the real
 * `bin/nexwave.js --sim` on a fresh data dir in a pseudo-terminal (bench/lib/first-paint.ts).
 */
import { parseBenchArgs } from './lib/bench-args.js';
import { forkSimulator } from './lib/sim-process.js';
import { percentile, round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';
import { runUiCase, type UiResult } from './lib/ui-run.js';
import { canMeasureFirstPaint, measureFirstPaint } from './lib/first-paint.js';
import { runIfScript } from './lib/entry.js';

const RATES = [{ name: '1k', rate: 1_000 }, { name: '5k', rate: 5_000 }];

interface RateResult {
  readonly run: string;
  readonly headless: UiResult;
  readonly consoles: readonly UiResult[];
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('ui', argv);
  const seconds = args.seconds ?? (args.quick ? 3 : 15);
  const warmSeconds = args.quick ? 6 : 12;
  const rates = (args.quick ? RATES.slice(0, 1) : RATES).filter((r) => !args.only || args.only.includes(r.name));
  const sizes = args.quick ? [[80, 24]] : [[80, 24], [160, 48]];
  const results: RateResult[] = [];
  for (const r of rates) {
    const sim = await forkSimulator({ seed: 7, speed: 1, tradesPerSecond: r.rate, historyDays: 2 });
    try {
      await sim.resume();
      const run = (command: 'console' | 'headless', columns: number, rows: number): Promise<UiResult> => {
        if (!args.json) process.stderr.write(`ui: ${r.name} ${command}${command === 'console' ? ` ${columns}x${rows}` : ''} (${warmSeconds}s warm-up, ${seconds}s measured) ...\n`);
        return runUiCase({ command, sim, columns, rows, warmSeconds, seconds });
      };
      const headless = await run('headless', 80, 24);
      const consoles: UiResult[] = [];
      for (const [c, h] of sizes) consoles.push(await run('console', c ?? 80, h ?? 24));
      results.push({ run: r.name, headless, consoles });
    } finally {
      await sim.stop().catch(() => undefined);
    }
  }
  if (!args.json && canMeasureFirstPaint()) process.stderr.write('ui: first paint in a terminal (fresh data dir) ...\n');
  const paint = canMeasureFirstPaint() ? firstPaintFigures(await measureFirstPaint(args.quick ? 3 : 5)) : null;
  const targets = [...uiTargets(results), paintTarget(paint)];
  if (args.json) process.stdout.write(`${JSON.stringify({ bench: 'ui', quick: args.quick, seconds, warmSeconds, runs: results.map(rounded), firstPaintMs: paint, targets }, null, 2)}\n`);
  else process.stdout.write(`${report(results, targets, seconds, paint)}\n`);
  return exitCodeFor(targets);
}

function uiTargets(results: readonly RateResult[]): TargetResult[] {
  const at1k = results.find((r) => r.run === '1k');
  if (!at1k) return [target('targets are set at 1k trades/s', 'not run', null)];
  const small = at1k.consoles[0];
  if (!small) return [];
  const extra = small.cpuPct - at1k.headless.cpuPct;
  const worstBytes = Math.max(...at1k.consoles.map((c) => c.bytesPerSec));
  return [
    target('console CPU <= headless + 20% of one core at 1k/s', `${round(small.cpuPct, 1)}% vs ${round(at1k.headless.cpuPct, 1)}% (+${round(extra, 1)})`, extra <= 20),
    target('event-loop delay p99 < 50 ms at 1k/s', `${round(small.loopP99Ms, 1)} ms (max ${round(small.loopMaxMs, 0)} ms)`, small.loopP99Ms < 50),
    target('<= 30 KB/s to the terminal at 1k/s (every size run)', `${round(worstBytes / 1_024, 1)} KB/s`, worstBytes <= 30 * 1_024),
  ];
}

interface PaintFigures {
  readonly runs: readonly (number | null)[];
  /** The median run; null when a run never painted (counted as a FAIL). */
  readonly median: number | null;
}

function firstPaintFigures(runs: readonly (number | null)[]): PaintFigures {
  const painted = runs.filter((x): x is number => x !== null).map((x) => Math.round(x));
  return { runs: runs.map((x) => (x === null ? null : Math.round(x))), median: painted.length === runs.length ? Math.round(percentile(painted, 50)) : null };
}

function paintTarget(p: PaintFigures | null): TargetResult {
  if (p === null) return target('first paint within 1 s of process start (real terminal)', 'not run: `script` (util-linux) is missing', null);
  return target('first paint within 1 s of process start (real terminal)', `median ${p.median ?? 'never'} ms (runs ${p.runs.join(', ')})`, p.median !== null && p.median <= 1_000);
}

const rounded = (r: RateResult) => ({
  run: r.run,
  results: [r.headless, ...r.consoles].map((x) => ({
    ...x, cpuPct: round(x.cpuPct, 1), loopP99Ms: round(x.loopP99Ms, 1), loopMaxMs: round(x.loopMaxMs, 1), bytesPerSec: round(x.bytesPerSec, 0),
    offeredPerSec: round(x.offeredPerSec, 0),
  })),
});

function report(results: readonly RateResult[], targets: readonly TargetResult[], seconds: number, paint: PaintFigures | null): string {
  const rows = results.flatMap((r) => [r.headless, ...r.consoles].map((x) => [
    r.run, x.command, x.size, Math.round(x.offeredPerSec), round(x.cpuPct, 1), round(x.loopP99Ms, 1), round(x.loopMaxMs, 0),
    x.command === 'console' ? round(x.bytesPerSec / 1_024, 1) : '-',
  ]));
  return [
    `ui benchmark: nexwave console vs headless against the simulator (child process), ${seconds}s measured per run, PGlite in a temp dir`,
    'cpu = user+system of the nexwave process incl. PGlite worker / wall (100% = one core); loop = event-loop delay',
    '',
    formatTable(['rate', 'command', 'terminal', 'trades/s', 'cpu %', 'loop p99 ms', 'loop max ms', 'KB/s out'], rows),
    '',
    `first paint (bin/nexwave.js --sim, fresh data dir, real terminal 80x24, spawn to header): ${paint ? `${paint.runs.join(', ')} ms` : 'not run'}`,
    '',
    formatTargets(targets),
  ].join('\n');
}

runIfScript(import.meta.url, 'ui', main);
