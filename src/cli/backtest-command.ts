/**
 * `nexwave backtest [--from <date>] [--to <date>] [--symbols A,B] [--out file]`: the live
 * strategy over stored candles with the paper fill model (a bound not given: the stored range).
 * When nothing traded, the first line says why. Prints the trades (80 columns)
 * and the summary, and writes the full report (trades, summary, equity curve) as JSON.
 * Exit codes: 0 done, 1 nothing to test or a store failure, 2 bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CommandContext } from './context.js';
import { suggesterOf } from './invocation.js';
import { openStore } from './open-store.js';
import { runStoredBacktest, type BacktestReport } from '../engine/app/backtest-runner.js';
import type { BacktestTrade } from '../engine/core/backtest-types.js';

/** Trades printed in the table; the file always holds all of them. */
export const MAX_TABLE_ROWS = 50;
/** Warnings printed; the rest are counted (the file has them all). */
export const MAX_WARNINGS = 3;

/** Run the command; resolves to the exit code. */
export async function runBacktestCommand(ctx: CommandContext): Promise<number> {
  const { from, to } = ctx.args;
  if (from !== undefined && to !== undefined && !(from < to)) return usage(ctx, `--from must be before --to (got ${new Date(from).toISOString()} >= ${new Date(to).toISOString()})`);
  const { store, location } = await openStore({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.dataDir, sim: ctx.args.sim, logger: ctx.logger });
  try {
    await store.migrate();
    const outcome = await runStoredBacktest({ store, config: ctx.config, logger: ctx.logger }, { from, to, symbols: ctx.args.symbols });
    if (!outcome.ok) {
      ctx.stderr.write(`nexwave backtest: ${outcome.message}\n(store: ${location})\n`);
      return 1;
    }
    const out = resolve(ctx.args.out ?? defaultOutPath(ctx.dataDir, outcome.report.from, outcome.report.to));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(outcome.report, null, 2)}\n`);
    ctx.stdout.write(`${formatReport(outcome.report)}Report written to ${out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function usage(ctx: CommandContext, message: string): number {
  ctx.stderr.write(`nexwave backtest: ${message}\nRun '${suggesterOf(ctx).program} backtest --help' for usage.\n`);
  return 2;
}

/** 2026-03-01T00:00Z -> "20260301T0000Z" (safe in file names on every OS). */
const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';

/** <dataDir>/backtests/backtest-<from>-<to>.json */
export function defaultOutPath(dataDir: string, from: number, to: number): string {
  return join(dataDir, 'backtests', `backtest-${stamp(from)}-${stamp(to)}.json`);
}

/** "03-02 10:14" (UTC); the header carries the year. */
const shortTime = (ms: number): string => new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
const fullTime = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** A price in 7 significant digits (8 characters below 10 million). */
export function fmtPrice(p: number): string {
  const intDigits = Math.max(1, Math.floor(Math.log10(Math.abs(p))) + 1);
  return p.toFixed(Math.max(0, Math.min(6, 7 - intDigits)));
}

/** "15m", "1h30m", "12h", "2d4h": how long the position was held, in at most 5 characters. */
export function fmtHeld(ms: number): string {
  const m = Math.round(ms / 60_000);
  const h = Math.floor(m / 60);
  if (m < 60) return `${m}m`;
  if (h < 10) return `${h}h${m % 60 > 0 ? `${m % 60}m` : ''}`;
  if (h < 24) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 100 && h % 24 > 0 ? `${d}d${h % 24}h` : `${d}d`;
}

const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(digits)}`;

const COLUMNS: ReadonlyArray<readonly [string, number, 'l' | 'r']> = [
  ['#', 5, 'r'], ['SYMBOL', 8, 'l'], ['SIDE', 5, 'l'], ['ENTRY UTC', 11, 'l'], ['HELD', 5, 'r'],
  ['ENTRY', 8, 'r'], ['EXIT', 8, 'r'], ['NET PNL', 9, 'r'], ['REASON', 13, 'l'],
];

function row(cells: readonly string[]): string {
  return COLUMNS.map(([, w, align], i) => {
    // Text is cut to fit; a number never is (a wide PnL pushes the line rather than lie).
    const c = cells[i] ?? '';
    return align === 'l' ? c.slice(0, w).padEnd(w) : c.padStart(w);
  }).join(' ').trimEnd();
}

function tradeRow(t: BacktestTrade, n: number): string {
  return row([String(n), t.symbol, t.side, shortTime(t.entryTime), fmtHeld(t.exitTime - t.entryTime), fmtPrice(t.entryPrice), fmtPrice(t.exitPrice), signed(t.pnl), t.exitReason]);
}

/** The trade table (the last MAX_TABLE_ROWS fills) and the summary, each line within 80 columns. */
export function formatReport(r: BacktestReport): string {
  const s = r.summary;
  const lines: string[] = [];
  if (r.cause !== null) lines.push(r.cause);
  const symbols = r.coverage.map((c) => c.symbol);
  lines.push(`Backtest ${r.strategyId} ${r.timeframe}: ${fullTime(r.from)} -> ${fullTime(r.to)} UTC`);
  lines.push(`${symbols.length} symbol${symbols.length === 1 ? '' : 's'}: ${symbols.length <= 8 ? symbols.join(', ') : `${symbols.slice(0, 8).join(', ')}, ...`}`);
  lines.push(`Fills: taker fee ${(r.fill.takerFee * 100).toFixed(3)}%, slippage ${r.fill.slippageBps} bps; portfolio ${r.portfolioValue.toFixed(0)} USD`);
  const shown = r.warnings.length <= MAX_WARNINGS ? r.warnings : r.warnings.slice(0, MAX_WARNINGS - 1);
  for (const w of shown) lines.push(`warning: ${w}`);
  if (shown.length < r.warnings.length) lines.push(`warning: ... and ${r.warnings.length - shown.length} more like these (all in the report file)`);
  lines.push('');
  if (r.trades.length === 0) lines.push('No trades (see the first line).');
  else {
    lines.push(row(COLUMNS.map(([h]) => h)));
    const skipped = Math.max(0, r.trades.length - MAX_TABLE_ROWS);
    if (skipped > 0) lines.push(`... ${skipped} earlier fills are in the report file`);
    r.trades.slice(skipped).forEach((t, i) => lines.push(tradeRow(t, skipped + i + 1)));
  }
  lines.push('');
  lines.push(`Trades ${s.trades} (wins ${s.wins}, losses ${s.losses}), win rate ${s.winRate === null ? 'n/a' : `${(s.winRate * 100).toFixed(1)}%`}`);
  // A partial take-profit is a fill of its trade, not a trade of its own.
  if (s.fills !== s.trades) lines.push(`  (${s.fills} fills: a partial exit and the rest of its position are one trade)`);
  lines.push(`Net PnL ${signed(s.netPnl)} USD (gross ${signed(s.grossPnl)}, fees ${s.fees.toFixed(2)})`);
  lines.push(`Max drawdown ${s.maxDrawdownUsd.toFixed(2)} USD (${s.maxDrawdownPct.toFixed(2)}%)`);
  lines.push(`Final equity ${s.finalEquity.toFixed(2)} USD (${signed(s.returnPct)}%)`);
  lines.push(`Profit factor ${s.profitFactor === null ? 'n/a (no losing trade)' : s.profitFactor.toFixed(2)}, in the market ${s.exposurePct.toFixed(1)}% of the time`);
  const exits = Object.entries(s.exits).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
  if (exits.length > 0) lines.push(`Exits: ${exits.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
