/**
 * `npm run bench -- state [--json] [--quick] [--seconds n]`: what producing EngineState
 * costs while the engine takes 5k ticks/s from the simulator (the console shares this
 * event loop), how big a full snapshot is, and how many bytes change per second (what the
 * control socket sends), and the largest snapshot a full trading state can reach. Sizes are
 * UTF-8 bytes (what goes over the socket). Exits 1 when a target fails, including when the
 * run did not reach the tick rate it asked for (the cost figure would then mean nothing).
 * --quick runs the 5k rate alone, for 3 s.
 */
import { initialEngineState } from '../src/engine/core/spine/initial-state.js';
import { parseBenchArgs } from './lib/bench-args.js';
import { runStateCase, type StateRunResult } from './lib/state-run.js';
import { worstCaseState } from './lib/state-worst.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

const KB = 1024;
/** The rate the cost target is about, and the share of it a run must reach to count. */
const TARGET_RATE = 5_000;
const REACHED = 0.9;

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('state', argv);
  const seconds = args.seconds ?? (args.quick ? 3 : 20);
  const rates = args.quick ? [TARGET_RATE] : [1_000, TARGET_RATE];
  const results: StateRunResult[] = [];
  for (const rate of rates) {
    if (!args.json) process.stderr.write(`state: ${rate} trades/s for ${seconds}s (embedded database) ...\n`);
    results.push(await runStateCase(rate, seconds, undefined));
  }
  const worst = Buffer.byteLength(JSON.stringify(worstCaseState(initialEngineState({ venue: 'pacifica', mode: 'live', startedAt: Date.now(), version: '0.1.0', pid: 99999, timeframe: '15m', storage: { backend: 'postgres', description: 'postgres 127.0.0.1:5432/nexwave' } }))));
  const targets = stateTargets(results, worst);
  if (args.json) process.stdout.write(`${JSON.stringify({ bench: 'state', quick: args.quick, seconds, runs: results.map(rounded), worstCaseSnapshotBytes: worst, targets }, null, 2)}\n`);
  else process.stdout.write(`${human(results, worst, targets)}\n`);
  return exitCodeFor(targets);
}

function stateTargets(results: readonly StateRunResult[], worst: number): TargetResult[] {
  const at5k = results.find((r) => r.rate === TARGET_RATE);
  const reached = at5k !== undefined && at5k.ticksPerSec >= REACHED * TARGET_RATE;
  const out: TargetResult[] = [
    target(`${TARGET_RATE / 1000}k ticks/s actually reached (>= ${(REACHED * TARGET_RATE).toLocaleString('en-US')}/s)`, at5k ? `${Math.round(at5k.ticksPerSec)} ticks/s` : 'not run', reached),
    target(`state machinery <= 5% of one core at ${TARGET_RATE / 1000}k ticks/s`, at5k ? `${round(at5k.costPct, 2)}% at ${Math.round(at5k.ticksPerSec)} ticks/s` : 'not run', at5k ? reached && at5k.costPct <= 5 : false),
  ];
  for (const r of results) out.push(target(`full snapshot for 34 pairs <= 64 KB JSON (${r.rate}/s run)`, `${round(r.snapshotBytes / KB, 1)} KB, ${r.pairs} pairs`, r.pairs === 34 && r.snapshotBytes <= 64 * KB));
  out.push(target('largest full trading snapshot <= 64 KB JSON (34 positions, open and recent orders, every list full)', `${round(worst / KB, 1)} KB (${worst} bytes)`, worst <= 64 * KB));
  return out;
}

const rounded = (r: StateRunResult) => ({
  ...r, ticksPerSec: round(r.ticksPerSec, 0), costPct: round(r.costPct, 2), notificationsPerSec: round(r.notificationsPerSec, 1), changedBytesPerSec: round(r.changedBytesPerSec, 0),
});

function human(results: readonly StateRunResult[], worst: number, targets: readonly TargetResult[]): string {
  const rows = results.map((r) => [r.rate, Math.round(r.ticksPerSec), round(r.costPct, 2), round(r.notificationsPerSec, 1), round(r.changedBytesPerSec / KB, 1), round(r.snapshotBytes / KB, 1)]);
  return [
    'state benchmark: simulator -> Pacifica client -> engine, EngineState sampled every 250 ms, subscribers notified at most every 100 ms',
    'cost = time in events, samples and structural sharing / wall time; changed = UTF-8 bytes of the deep diff between consecutive snapshots (what the control socket sends)',
    '',
    formatTable(['trades/s asked', 'ticks/s', 'cost % core', 'notify/s', 'changed KB/s', 'snapshot KB'], rows),
    '',
    `largest state the bounds allow (34 pairs, 34 positions and open orders, a kill switch under way, every list full): ${round(worst / KB, 1)} KB`,
    '',
    formatTargets(targets),
  ].join('\n');
}

runIfScript(import.meta.url, 'state', main);
