/**
 * Backtest over stored candles: loads the strategy timeframe's candles
 * for [from, to) plus the lookback before `from` (so the first evaluations already see a
 * full window instead of "warming up"), runs the pure core with the live strategy and the
 * paper fill model from config, and returns the report. "Nothing to test" is an outcome
 * with a message naming the range and what is stored, not an exception.
 */
import type { Config } from './config.js';
import { vwmParamsFromConfig } from './strategy-config.js';
import type { Candle, Pair } from '../core/types.js';
import type { Logger } from '../ports/logger.js';
import type { CandleStore, PairStore } from '../ports/store.js';
import type { BacktestResult, FillModel } from '../core/backtest-types.js';
import { runBacktest } from '../core/backtest.js';
import { createVwmStrategy } from '../core/vwm.js';
import type { VwmParams } from '../core/vwm-params.js';
import { bucketStart, timeframeMs } from '../core/buckets.js';

export interface BacktestRequest {
  /**
   * Inclusive start (ms, UTC): candles whose bucket starts at or after it are traded. Default:
   * the first stored candle plus the warm-up, so the strategy can enter from the first one.
   */
  readonly from?: number;
  /** Exclusive end (ms, UTC). Default: the end of the last stored candle. */
  readonly to?: number;
  /** Symbols to test (case-insensitive); undefined = every active pair. */
  readonly symbols?: readonly string[];
}

export interface BacktestRunnerDeps {
  readonly store: CandleStore & PairStore;
  readonly config: Config;
  readonly logger: Logger;
}

/** Candles replayed for one symbol. */
export interface SymbolCoverage {
  readonly symbol: string;
  /** Candles inside [from, to). */
  readonly candles: number;
  /** Closed candles before `from` used as history (the strategy needs `required`). */
  readonly warmup: number;
  readonly first: number | null;
  readonly last: number | null;
}

/** Everything the CLI prints and writes; times are epoch ms (UTC). */
export interface BacktestReport extends BacktestResult {
  readonly strategyId: string;
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
  readonly fill: FillModel;
  readonly portfolioValue: number;
  readonly params: VwmParams;
  readonly coverage: readonly SymbolCoverage[];
  /** Things a trader should know before trusting the numbers (short warm-up...). */
  readonly warnings: readonly string[];
  /** Why there are no trades, in one line (null when there are trades). */
  readonly cause: string | null;
}

export type BacktestOutcome = { readonly ok: true; readonly report: BacktestReport } | { readonly ok: false; readonly message: string };

const iso = (ms: number): string => new Date(ms).toISOString();

/** Run the configured strategy over the stored candles of [from, to). */
export async function runStoredBacktest(deps: BacktestRunnerDeps, asked: BacktestRequest): Promise<BacktestOutcome> {
  const params = vwmParamsFromConfig(deps.config);
  const strategy = createVwmStrategy(params, deps.config.strategy.id);
  const picked = pickPairs(await deps.store.loadPairs(), asked.symbols);
  if (!picked.ok) return picked;
  const tfMs = timeframeMs(params.timeframe);
  const range = await resolveRange(deps.store, params.timeframe, picked.pairs, asked, strategy.requiredCandles);
  if (!range.ok) return range;
  const req = { ...asked, from: range.from, to: range.to };
  const firstBucket = bucketStart(req.from + tfMs - 1, params.timeframe);
  const warmFrom = firstBucket - strategy.requiredCandles * tfMs;
  const candles = new Map<string, readonly Candle[]>();
  for (const p of picked.pairs) {
    candles.set(p.symbol, await deps.store.loadCandles({ timeframe: params.timeframe, symbol: p.symbol, from: warmFrom, to: req.to }));
  }
  const coverage = picked.pairs.map((p) => cover(p.symbol, candles.get(p.symbol) ?? [], req.from));
  if (coverage.every((c) => c.candles === 0)) {
    return { ok: false, message: await noCandlesMessage(deps.store, params.timeframe, picked.pairs, req) };
  }
  const fill: FillModel = { takerFee: deps.config.paper.takerFee, slippageBps: deps.config.paper.slippageBps };
  const portfolioValue = deps.config.portfolioValue;
  const result = runBacktest({ candles, pairs: picked.pairs, strategy, params, fill, portfolioValue, from: req.from, to: req.to });
  const s = result.summary;
  deps.logger.info('backtest.done', {
    from: iso(req.from), to: iso(req.to), symbols: picked.pairs.length,
    trades: s.trades, winRate: s.winRate, netPnl: s.netPnl, maxDrawdownPct: s.maxDrawdownPct,
  });
  const warnings = coverage.flatMap((c) => warmupWarning(c, strategy.requiredCandles, params.timeframe));
  const cause = s.trades > 0 ? null : noTradesCause(coverage, strategy.requiredCandles, params.timeframe);
  const report: BacktestReport = {
    strategyId: strategy.id, timeframe: params.timeframe, from: req.from, to: req.to, fill, portfolioValue, params, coverage, warnings, cause, ...result,
  };
  return { ok: true, report };
}

type Picked = { readonly ok: true; readonly pairs: readonly Pair[] } | { readonly ok: false; readonly message: string };

/** The requested pairs (case-insensitive), or every active pair. */
function pickPairs(stored: readonly Pair[], symbols: readonly string[] | undefined): Picked {
  if (symbols === undefined) {
    const active = stored.filter((p) => p.isActive).sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    if (active.length > 0) return { ok: true, pairs: active };
    return { ok: false, message: 'no active pairs are stored; run the console once to sync pairs, or pass --symbols' };
  }
  const bySymbol = new Map(stored.map((p) => [p.symbol.toUpperCase(), p]));
  const unknown = symbols.filter((s) => !bySymbol.has(s.toUpperCase()));
  if (unknown.length > 0) {
    const known = stored.map((p) => p.symbol).sort().join(', ') || 'none';
    return { ok: false, message: `unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (stored pairs: ${known})` };
  }
  const pairs = [...new Set(symbols.map((s) => bySymbol.get(s.toUpperCase())))].filter((p): p is Pair => p !== undefined);
  return { ok: true, pairs };
}

function cover(symbol: string, candles: readonly Candle[], from: number): SymbolCoverage {
  const inRange = candles.filter((c) => c.time >= from);
  return {
    symbol,
    candles: inRange.length,
    warmup: candles.length - inRange.length,
    first: inRange[0]?.time ?? null,
    last: inRange.at(-1)?.time ?? null,
  };
}

type Range = { readonly ok: true; readonly from: number; readonly to: number } | { readonly ok: false; readonly message: string };

/** The range asked for, or (for a bound not given) the stored one: first candle + warm-up .. last candle's end. */
async function resolveRange(store: CandleStore, tf: VwmParams['timeframe'], pairs: readonly Pair[], req: BacktestRequest, required: number): Promise<Range> {
  let { from, to } = req;
  if (from === undefined || to === undefined) {
    const tfMs = timeframeMs(tf);
    const spans: Array<readonly [number, number]> = [];
    for (const p of pairs) {
      const all = await store.loadCandles({ timeframe: tf, symbol: p.symbol });
      const first = all[0];
      const last = all.at(-1);
      if (first && last) spans.push([first.time, last.time]);
    }
    if (spans.length === 0) return { ok: false, message: `no ${tf} candles stored for ${pairs.map((p) => p.symbol).join(', ')}; collect some first (headless), then backtest` };
    const first = Math.min(...spans.map(([f]) => f));
    const end = Math.max(...spans.map(([, l]) => l)) + tfMs;
    to ??= end;
    // Warm-up first where the data allows it; with less data than that, test what there is.
    from ??= first + required * tfMs < to ? first + required * tfMs : first;
  }
  if (!(from < to)) return { ok: false, message: `--from ${iso(from)} must be before --to ${iso(to)}` };
  return { ok: true, from, to };
}

const span = (xs: readonly number[]): string => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
};

/** One line on why nothing traded: too little data to get past warm-up, or no entry signal. */
function noTradesCause(coverage: readonly SymbolCoverage[], required: number, tf: string): string {
  const withData = coverage.filter((c) => c.candles > 0);
  const tradable = withData.map((c) => Math.max(0, c.candles - Math.max(0, required - c.warmup)));
  if (tradable.every((n) => n === 0)) {
    return `No trades: ${span(withData.map((c) => c.candles))} ${tf} candles in range and ${span(withData.map((c) => c.warmup))} before it; warm-up needs ${required}.`;
  }
  return `No trades: no entry signal in ${tradable.reduce((a, b) => a + b, 0)} ${tf} candles past warm-up.`;
}

function warmupWarning(c: SymbolCoverage, required: number, tf: string): string[] {
  if (c.candles === 0) return [`${c.symbol}: no ${tf} candles in the range`];
  if (c.warmup >= required) return [];
  return [`${c.symbol}: ${c.warmup}/${required} warm-up candles before the start`];
}

/**
 * Why nothing could be tested: the range asked for and, per symbol, the stored span. The
 * whole series is read only on this error path; retention bounds it (90 days of 15m
 * candles is 8 640 rows per symbol).
 */
async function noCandlesMessage(store: CandleStore, tf: VwmParams['timeframe'], pairs: readonly Pair[], req: { readonly from: number; readonly to: number }): Promise<string> {
  const lines = [`no ${tf} candles stored between ${iso(req.from)} and ${iso(req.to)} for ${pairs.map((p) => p.symbol).join(', ')}.`];
  lines.push(`Stored ${tf} candles:`);
  for (const p of pairs) {
    const all = await store.loadCandles({ timeframe: tf, symbol: p.symbol });
    const first = all[0];
    const last = all.at(-1);
    lines.push(first === undefined || last === undefined ? `  ${p.symbol}: none` : `  ${p.symbol}: ${iso(first.time)} .. ${iso(last.time)} (${all.length} candles)`);
  }
  return lines.join('\n');
}
