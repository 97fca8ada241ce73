/** Figures, targets and the human table of the scan benchmark. */
import type { ReadyResult } from './ready-run.js';
import { round, type Spread } from './stats.js';
import type { Backend } from './stores.js';
import { formatTable } from './table.js';
import { formatTargets, target, type TargetResult } from './targets.js';

/** One backend at one stored-tick level. */
export interface LevelResult {
  readonly backend: Backend;
  readonly ticks: number;
  readonly generateMs: number;
  /** Engine state size: 15m candles held per pair. Independent of stored ticks. */
  readonly candlesPerPair: number;
  readonly pairs: number;
  /** Pairs past warm-up (a full evaluation, not an early "warming up" return). */
  readonly decidedPairs: number;
  readonly evaluateMs: Spread;
  readonly scannerMs: Spread;
  readonly viewMs: Spread;
  readonly viewRowsPerPair: number;
  /** View median / engine evaluation median. */
  readonly ratio: number;
}

export interface ReadyRow {
  readonly backend: Backend;
  readonly cold: ReadyResult;
  readonly restart: ReadyResult;
}

const roundSpread = (s: Spread): Spread => ({ samples: s.samples, median: round(s.median, 4), p99: round(s.p99, 4), max: round(s.max, 4) });

/** Figures rounded for the report (sub-microsecond digits are timer noise). */
export const roundLevel = (l: LevelResult): LevelResult => ({
  ...l, generateMs: round(l.generateMs, 0), evaluateMs: roundSpread(l.evaluateMs), scannerMs: roundSpread(l.scannerMs), viewMs: roundSpread(l.viewMs), ratio: round(l.ratio, 0),
});

const ms = (x: number | null): string => (x === null ? 'not ready' : `${round(x / 1000, 2)} s`);

/** PASS/FAIL against issue 4's targets. */
export function scanTargets(levels: readonly LevelResult[], ready: readonly ReadyRow[]): TargetResult[] {
  const out: TargetResult[] = [];
  const worstP99 = Math.max(...levels.map((l) => l.evaluateMs.p99));
  out.push(target('engine scan of 34 pairs < 5 ms (worst p99)', `${round(worstP99, 3)} ms`, worstP99 < 5));
  for (const backend of new Set(levels.map((l) => l.backend))) {
    const mine = levels.filter((l) => l.backend === backend);
    const first = mine[0];
    const last = mine[mine.length - 1];
    if (!first || !last) continue;
    const growth = last.evaluateMs.median / first.evaluateMs.median;
    const sameState = mine.every((l) => l.candlesPerPair === first.candlesPerPair);
    out.push(target(`engine scan flat as ticks grow (${backend}, ${first.ticks.toLocaleString('en-US')} -> ${last.ticks.toLocaleString('en-US')})`, `median x${round(growth, 2)}, ${first.candlesPerPair} candles/pair at every level`, mine.length > 1 ? growth <= 2 && sameState : null));
    const at1m = mine.find((l) => l.ticks === 1_000_000);
    out.push(target(`>= 100x faster than the view at 1M ticks (${backend})`, at1m ? `x${Math.round(at1m.ratio).toLocaleString('en-US')}` : 'not run', at1m ? at1m.ratio >= 100 : null));
  }
  for (const r of ready) {
    out.push(target(`start to all-34-ready with backfill <= 10 s (${r.backend})`, `${ms(r.cold.ms)} (${r.cold.ready}/${r.cold.total})`, r.cold.ms !== null && r.cold.ms <= 10_000));
    out.push(target(`restart from stored history, no backfill <= 3 s (${r.backend})`, `${ms(r.restart.ms)} (${r.restart.ready}/${r.restart.total})`, r.restart.ms !== null && r.restart.ms <= 3_000));
  }
  return out;
}

/** The human report. */
export function scanReport(doc: { readonly levels: readonly LevelResult[]; readonly ready: readonly ReadyRow[]; readonly targets: readonly TargetResult[]; readonly notes: readonly string[]; readonly viewQuery: string }): string {
  const head = ['backend', 'stored ticks', 'engine p50 ms', 'engine p99 ms', 'scan()+signals p50 ms', 'view p50 ms', 'view / engine', 'candles/pair', 'decided', 'generate s'];
  const rows = doc.levels.map((l) => [l.backend, l.ticks, l.evaluateMs.median, l.evaluateMs.p99, l.scannerMs.median, l.viewMs.median, `x${Math.round(l.ratio).toLocaleString('en-US')}`, l.candlesPerPair, `${l.decidedPairs}/${l.pairs}`, l.generateMs / 1000]);
  const readyRows = doc.ready.map((r) => [r.backend, ms(r.cold.ms), r.cold.backfilled, ms(r.restart.ms), r.restart.backfilled]);
  return [
    'scan benchmark: all 34 pairs from the engine\'s memory vs the seed\'s candles_15m_ohlcv view (20 candles per pair)',
    `view: ${doc.viewQuery}; engine: strategy.evaluate per pair; scan()+signals adds the signals insert`,
    '',
    formatTable(head, rows),
    '',
    formatTable(['backend', 'cold start to ready', 'backfilled candles', 'restart to ready', 'backfilled on restart'], readyRows),
    '',
    formatTargets(doc.targets),
    ...doc.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
