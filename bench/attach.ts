/**
 * `npm run bench -- attach [--json] [--quick] [--seconds n]`: what an attached console
 * costs. The simulator at 1k trades/s feeds a real `nexwave headless`; this process
 * attaches over the control socket and measures bytes per second on the socket, its own
 * CPU (socket only, then with the console rendering into a terminal stand-in), and the time from connecting to the full state and to the console's first frame.
 * Targets: under 20 KB/s on the socket, first paint within 300 ms (median); exits 1 when
 * one fails.
 */
import { runAttachCase, type AttachResult } from './lib/attach-run.js';
import { parseBenchArgs } from './lib/bench-args.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

const RATE = 1_000;

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('attach', argv);
  const seconds = args.seconds ?? (args.quick ? 4 : 30);
  if (!args.json) process.stderr.write(`attach: engine + simulator at ${RATE} trades/s, measuring ${seconds}s ...\n`);
  const r = await runAttachCase(RATE, seconds, args.quick ? 3 : 10);
  const targets = attachTargets(r, args.quick);
  if (args.json) process.stdout.write(`${JSON.stringify({ bench: 'attach', quick: args.quick, result: rounded(r), targets }, null, 2)}\n`);
  else process.stdout.write(`${humanReport(r, targets)}\n`);
  return exitCodeFor(targets);
}

/** A --quick run attaches 3 times: too few for a median to judge, so first paint is SKIP there. */
function attachTargets(r: AttachResult, quick: boolean): TargetResult[] {
  return [
    target('< 20 KB/s on the socket at 1k ticks/s', `${round(r.bytesPerSec / 1024, 1)} KB/s`, r.bytesPerSec < 20 * 1024),
    target('first paint within 300 ms (median)', `median ${Math.round(r.firstPaintMs.median)} ms, max ${Math.round(r.firstPaintMs.max)} ms`, quick ? null : r.firstPaintMs.median <= 300),
  ];
}

const rounded = (r: AttachResult) => ({
  ...r,
  engineTicksPerSec: round(r.engineTicksPerSec, 0), bytesPerSec: round(r.bytesPerSec, 0), framesPerSec: round(r.framesPerSec, 1), clientCpuPct: round(r.clientCpuPct, 2), consoleCpuPct: round(r.consoleCpuPct, 2),
  firstStateMs: { ...r.firstStateMs, median: round(r.firstStateMs.median, 1), p99: round(r.firstStateMs.p99, 1), max: round(r.firstStateMs.max, 1) },
  firstPaintMs: { ...r.firstPaintMs, median: round(r.firstPaintMs.median, 1), p99: round(r.firstPaintMs.p99, 1), max: round(r.firstPaintMs.max, 1) },
});

function humanReport(r: AttachResult, targets: readonly TargetResult[]): string {
  const rows = [[
    r.requestedPerSec, round(r.engineTicksPerSec, 0), round(r.bytesPerSec / 1024, 2), round(r.framesPerSec, 1), round(r.clientCpuPct, 2), round(r.consoleCpuPct, 2),
    round(r.fullStateBytes / 1024, 1), `${Math.round(r.firstStateMs.median)} / ${Math.round(r.firstStateMs.max)}`, `${Math.round(r.firstPaintMs.median)} / ${Math.round(r.firstPaintMs.max)}`,
  ]];
  const head = ['offered/s', 'engine ticks/s', 'socket KB/s', 'patches/s', 'client cpu %', '+console cpu %', 'full state KB', 'first state ms p50/max', 'first paint ms p50/max'];
  return [
    `attach benchmark: simulator (child) -> nexwave headless (child) -> control socket -> this client; ${r.seconds}s measured`,
    '',
    formatTable(head, rows),
    '',
    formatTargets(targets),
  ].join('\n');
}

runIfScript(import.meta.url, 'attach', main);
