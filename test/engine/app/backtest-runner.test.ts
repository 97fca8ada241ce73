import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStore } from '../../../src/data/pglite/index.js';
import { parseConfig, type Config } from '../../../src/engine/app/config.js';
import { runStoredBacktest } from '../../../src/engine/app/backtest-runner.js';
import { vwmParamsFromConfig } from '../../../src/engine/app/strategy-config.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import type { Store } from '../../../src/engine/ports/store.js';
import { after, entryCandle, t, warmup } from '../core/backtest-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nexwave-backtest-runner-'));
let store: Store;

function config(env: Record<string, string> = {}): Config {
  const r = parseConfig({ NEXWAVE_DATA_DIR: dir, ...env });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.config;
}

const iso = (ms: number): string => new Date(ms).toISOString();

beforeAll(async () => {
  store = await createPgliteStore({ dataDir: join(dir, 'pglite') });
  await store.migrate();
  // BTC: 20 warm-up candles, a breakout at candle 20, a take-profit at 21 (see core tests).
  await store.upsertCandles([...warmup('BTC'), entryCandle('BTC'), ...after([{ open: 100.1, high: 109, low: 100, close: 108.5 }], 'BTC')]);
  // ETH: only the last 3 warm-up candles and the breakout.
  await store.upsertCandles([...warmup('ETH').slice(-3), entryCandle('ETH')]);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runStoredBacktest on a real PGlite store', () => {
  const deps = () => ({ store, config: config(), logger: silentLogger });

  it('loads the warm-up before `from`, replays the range and reports the trade', async () => {
    const r = await runStoredBacktest(deps(), { from: t(20), to: t(22), symbols: ['btc'] });
    if (!r.ok) throw new Error(r.message);
    expect(r.report.trades.map((x) => [x.symbol, x.side, x.exitReason, x.entryTime, x.exitTime])).toEqual([
      ['BTC', 'long', 'take-profit', t(21), t(22)],
    ]);
    expect(r.report.coverage).toEqual([{ symbol: 'BTC', candles: 2, warmup: 20, first: t(20), last: t(21) }]);
    expect(r.report.warnings).toEqual([]);
    expect(r.report.summary).toMatchObject({ trades: 1, wins: 1, winRate: 1 });
    expect(r.report).toMatchObject({ strategyId: 'vwm_momentum_1', timeframe: '15m', fill: { takerFee: 0.0004, slippageBps: 5 }, portfolioValue: 100_000 });
  });

  it('without --symbols tests every active pair and warns about short warm-ups', async () => {
    const r = await runStoredBacktest(deps(), { from: t(20), to: t(22) });
    if (!r.ok) throw new Error(r.message);
    expect(r.report.coverage).toHaveLength(34);
    expect(r.report.coverage.find((c) => c.symbol === 'ETH')).toMatchObject({ candles: 1, warmup: 3 });
    expect(r.report.warnings).toContain('ETH: 3/20 warm-up candles before the start');
    expect(r.report.warnings).toContain('SOL: no 15m candles in the range');
    expect(r.report.trades.map((x) => x.symbol)).toEqual(['BTC']);
  });

  it('no candles in the range: the message names the range and what is stored', async () => {
    const r = await runStoredBacktest(deps(), { from: t(100), to: t(200), symbols: ['BTC', 'SOL'] });
    expect(r).toEqual({
      ok: false,
      message: [
        `no 15m candles stored between ${iso(t(100))} and ${iso(t(200))} for BTC, SOL.`,
        'Stored 15m candles:',
        `  BTC: ${iso(t(0))} .. ${iso(t(21))} (22 candles)`,
        '  SOL: none',
      ].join('\n'),
    });
  });

  it('an unknown symbol is named', async () => {
    const r = await runStoredBacktest(deps(), { from: t(20), to: t(22), symbols: ['BTC', 'NOPE'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^unknown symbol NOPE \(stored pairs: .*BTC.*\)$/);
  });

  it('maps config onto the strategy parameters', () => {
    const p = vwmParamsFromConfig(config({ VWM_STOP_LOSS_ATR_MULTIPLIER: '3', VWM_TAKE_PROFIT_ATR_MULTIPLIER: '5', MAX_DIRECTION_EXPOSURE_PCT: '60', VWM_TIMEFRAME: '1h', VWM_LOOKBACK_PERIOD: '30' }));
    expect(p).toMatchObject({ stopLossAtrMultiplier: 3, takeProfitAtrMultiplier: 5, directionCapPct: 60, timeframe: '1h', lookbackPeriod: 30, momentumThreshold: 0.0005 });
  });
});
