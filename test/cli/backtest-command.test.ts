import { createSuggester } from '../../src/cli/invocation.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOutPath, fmtHeld, fmtPrice, formatReport, MAX_TABLE_ROWS, runBacktestCommand } from '../../src/cli/backtest-command.js';
import type { CommandArgs, CommandContext } from '../../src/cli/context.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { parseConfig } from '../../src/engine/app/config.js';
import type { BacktestReport } from '../../src/engine/app/backtest-runner.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { after, entryCandle, t, warmup } from '../engine/core/backtest-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'nexwave-backtest-cli-'));
const dataDir = join(root, 'data');

const ARGS: CommandArgs = {
  sim: false, backfill: true, duration: undefined, speed: 1, seed: 1, port: 0, pairs: undefined,
  symbols: undefined, from: undefined, to: undefined, out: undefined, envFile: undefined,
  json: false, readOnly: false, confirm: undefined,
};

async function run(args: Partial<CommandArgs>, dir = dataDir) {
  const parsed = parseConfig({ NEXWAVE_DATA_DIR: dir });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  let stdout = '';
  let stderr = '';
  const ctx: CommandContext = {
    command: 'backtest', config: parsed.config, args: { ...ARGS, ...args }, dataDir: dir, logger: silentLogger,
    stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) },
    signal: new AbortController().signal,
    suggest: createSuggester('./bin/nexwave.js', { text: '', passwordHidden: false }),
  };
  const code = await runBacktestCommand(ctx);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  const store = await createPgliteStore({ dataDir: join(dataDir, 'pglite') });
  await store.migrate();
  await store.upsertCandles([...warmup('BTC'), entryCandle('BTC'), ...after([{ open: 100.1, high: 109, low: 100, close: 108.5 }], 'BTC')]);
  // ETH: two candles only, as after a short simulator run.
  await store.upsertCandles(warmup('ETH').slice(-2));
  await store.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nexwave backtest (in-process)', () => {
  it('prints the trades and the summary, and writes the report to the default file', async () => {
    const r = await run({ from: t(20), to: t(22), symbols: ['BTC'] });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = defaultOutPath(dataDir, t(20), t(22));
    expect(file).toBe(join(dataDir, 'backtests', 'backtest-20260302T0500Z-20260302T0530Z.json'));
    expect(r.stdout).toContain(`Report written to ${file}\n`);
    expect(r.stdout).toContain('\n    # SYMBOL   SIDE  ENTRY UTC    HELD    ENTRY     EXIT   NET PNL REASON\n');
    expect(r.stdout).toContain('\n    1 BTC      long  03-02 05:15   15m 100.1500 108.0460   +910.56 take-profit\n');
    expect(r.stdout).toContain('Trades 1 (wins 1, losses 0), win rate 100.0%');
    for (const line of r.stdout.split('\n').filter((l) => !l.startsWith('Report written'))) expect(line.length).toBeLessThanOrEqual(80);
    const report = JSON.parse(readFileSync(file, 'utf8')) as BacktestReport;
    expect(report.trades).toHaveLength(1);
    expect(report.trades[0]).toMatchObject({ symbol: 'BTC', exitReason: 'take-profit' });
    expect(report.summary.trades).toBe(1);
    expect(report.equity.map((p) => p.time)).toEqual([t(21), t(22)]);
  });

  it('--out writes where asked, creating the directories', async () => {
    const out = join(root, 'reports', 'deep', 'bt.json');
    const r = await run({ from: t(20), to: t(22), symbols: ['BTC'], out });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.wins).toBe(1);
  });

  it('from >= to is bad usage (exit 2) and opens nothing', async () => {
    const fresh = join(root, 'untouched');
    const r = await run({ from: t(22), to: t(20) }, fresh);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nexwave backtest: --from must be before --to (got 2026-03-02T05:30:00.000Z >= 2026-03-02T05:00:00.000Z)');
    expect(existsSync(fresh)).toBe(false);
  });

  it('without --from/--to: the stored range after the warm-up', async () => {
    const r = await run({ symbols: ['BTC'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Backtest vwm_momentum_1 15m: 2026-03-02 05:00 -> 2026-03-02 05:30 UTC');
    expect(r.stdout).toContain('Trades 1 (wins 1, losses 0)');
    expect(r.stdout).not.toContain('warning:');
  });

  it('too little data: the first line says why nothing traded', async () => {
    const r = await run({ symbols: ['ETH'] });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('No trades: 2 15m candles in range and 0 before it; warm-up needs 20.');
    const report = JSON.parse(readFileSync(/Report written to (.+)\n/.exec(r.stdout)![1]!, 'utf8')) as BacktestReport;
    expect(report.cause).toBe('No trades: 2 15m candles in range and 0 before it; warm-up needs 20.');
  });

  it('no candles in the range: exit 1 with the range and what is stored, no file', async () => {
    const r = await run({ from: t(200), to: t(300), symbols: ['BTC'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no 15m candles stored between 2026-03-04T02:00:00.000Z and 2026-03-05T03:00:00.000Z for BTC.');
    expect(r.stderr).toContain('  BTC: 2026-03-02T00:00:00.000Z .. 2026-03-02T05:15:00.000Z (22 candles)');
    expect(existsSync(defaultOutPath(dataDir, t(200), t(300)))).toBe(false);
  });
});

describe('report text', () => {
  it.each<[number, string]>([[97123.456, '97123.46'], [100.15005, '100.1500'], [0.000123456, '0.000123'], [1.5, '1.500000'], [12_345_678, '12345678']])(
    'price %d -> %s', (p, s) => expect(fmtPrice(p)).toBe(s),
  );

  it.each<[number, string]>([[0, '0m'], [15 * 60_000, '15m'], [90 * 60_000, '1h30m'], [120 * 60_000, '2h'], [(23 * 60 + 45) * 60_000, '23h'], [(2 * 1440 + 240) * 60_000, '2d4h'], [3 * 86_400_000, '3d'], [(150 * 24 + 5) * 3_600_000, '150d']])(
    'held %d ms -> %s', (ms, s) => expect(fmtHeld(ms)).toBe(s),
  );

  it(`shows the last ${MAX_TABLE_ROWS} fills within 80 columns and says how many are in the file`, () => {
    const trade = (i: number) => ({
      positionId: i, symbol: 'FARTCOIN', side: 'short' as const, entryTime: t(i), entryPrice: 0.123456, exitTime: t(i + 100),
      exitPrice: 0.12, size: 1, fees: 1, grossPnl: -99_000, pnl: -99_001.5, exitReason: 'trailing-stop' as const, entryReason: 'x',
    });
    const base = { trades: 0, wins: 0, losses: 0, winRate: null, fills: 0, grossPnl: 0, fees: 0, netPnl: 0, maxDrawdownUsd: 0, maxDrawdownPct: 0, startEquity: 1, finalEquity: 1, returnPct: 0, profitFactor: null, exposurePct: 0 };
    const report = {
      strategyId: 'vwm_momentum_1', timeframe: '15m', from: t(0), to: t(200), fill: { takerFee: 0.0004, slippageBps: 5 }, portfolioValue: 100_000,
      coverage: [{ symbol: 'FARTCOIN', candles: 1, warmup: 0, first: t(0), last: t(0) }], warnings: ['FARTCOIN: 0/20 warm-up candles before the start'], cause: null,
      trades: Array.from({ length: 60 }, (_, i) => trade(i)), equity: [], evaluations: 0,
      summary: { ...base, exits: { 'signal-exit': 0, 'stop-loss': 0, 'take-profit': 0, 'trailing-stop': 60, partial: 0, 'end-of-test': 0 } },
    } as unknown as BacktestReport;
    const text = formatReport(report);
    expect(text).toContain(`... ${60 - MAX_TABLE_ROWS} earlier fills are in the report file`);
    expect(text).toContain('\n   11 FARTCOIN short 03-02 02:30  1d1h 0.123456 0.120000 -99001.50 trailing-stop\n');
    expect(text).not.toMatch(/^ {4}1 FARTCOIN/m);
    expect(text).toContain('win rate n/a');
    const partial = formatReport({ ...report, summary: { ...report.summary, trades: 1, wins: 1, winRate: 1, fills: 2 } });
    expect(partial).toContain('Trades 1 (wins 1, losses 0), win rate 100.0%\n  (2 fills: a partial exit and the rest of its position are one trade)\n');
    expect(text).toContain('Exits: trailing-stop 60');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const many = formatReport({ ...report, trades: Array.from({ length: 10_005 }, (_, i) => trade(i)) });
    expect(many).toContain('\n10005 FARTCOIN short');
    for (const line of many.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
