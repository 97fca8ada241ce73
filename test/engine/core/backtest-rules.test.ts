import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intrabarExit } from '../../../src/engine/core/backtest-stops.js';
import { slipped } from '../../../src/engine/core/backtest-fills.js';
import { maxDrawdown, summarize } from '../../../src/engine/core/backtest-summary.js';
import { runBacktest } from '../../../src/engine/core/backtest.js';
import type { BacktestTrade, EquityPoint } from '../../../src/engine/core/backtest-types.js';
import type { StrategyPosition } from '../../../src/engine/core/strategy.js';
import { candle } from './fixtures.js';
import { pair, PARAMS, t, vwm, warmup } from './backtest-fixtures.js';

const pos = (side: 'long' | 'short', stopLoss: number | null, takeProfit: number | null, trailingStop: number | null = null): StrategyPosition => ({
  symbol: 'BTC', side, size: 1, entryPrice: 100, stopLoss, takeProfit, trailingStop, partialTaken: false,
});

describe('intrabar exits', () => {
  it.each<[string, StrategyPosition, { open: number; high: number; low: number }, ReturnType<typeof intrabarExit>]>([
    ['long, inside the stops', pos('long', 95, 110), { open: 100, high: 109, low: 96 }, null],
    ['long, stop touched exactly', pos('long', 95, 110), { open: 100, high: 101, low: 95 }, { price: 95, reason: 'stop-loss' }],
    ['long, target touched exactly', pos('long', 95, 110), { open: 100, high: 110, low: 99 }, { price: 110, reason: 'take-profit' }],
    ['long, both touched: stop first', pos('long', 95, 110), { open: 100, high: 111, low: 94 }, { price: 95, reason: 'stop-loss' }],
    ['long, gap below the stop fills at the open', pos('long', 95, 110), { open: 93, high: 94, low: 92 }, { price: 93, reason: 'stop-loss' }],
    ['long, gap above the target fills at the target', pos('long', 95, 110), { open: 115, high: 116, low: 114 }, { price: 110, reason: 'take-profit' }],
    ['long, trailing stop tighter than the stop-loss', pos('long', 95, 120, 104), { open: 106, high: 107, low: 103 }, { price: 104, reason: 'trailing-stop' }],
    ['long, trailing stop looser than the stop-loss', pos('long', 95, 120, 90), { open: 100, high: 101, low: 94 }, { price: 95, reason: 'stop-loss' }],
    ['short, stop above', pos('short', 105, 90), { open: 100, high: 105.5, low: 99 }, { price: 105, reason: 'stop-loss' }],
    ['short, both touched: stop first', pos('short', 105, 90), { open: 100, high: 106, low: 89 }, { price: 105, reason: 'stop-loss' }],
    ['short, gap above the stop fills at the open', pos('short', 105, 90), { open: 107, high: 108, low: 106 }, { price: 107, reason: 'stop-loss' }],
    ['short, target below', pos('short', 105, 90), { open: 100, high: 101, low: 90 }, { price: 90, reason: 'take-profit' }],
    ['short, trailing stop', pos('short', 105, 80, 97), { open: 95, high: 98, low: 94 }, { price: 97, reason: 'trailing-stop' }],
    ['no stops at all', pos('long', null, null), { open: 100, high: 200, low: 1 }, null],
  ])('%s', (_name, p, bar, expected) => {
    expect(intrabarExit(p, bar)).toEqual(expected);
  });

  it('slippage moves buys up and sells down by bps', () => {
    expect(slipped(200, 'buy', 25)).toBeCloseTo(200.5, 12);
    expect(slipped(200, 'sell', 25)).toBeCloseTo(199.5, 12);
    expect(slipped(200, 'buy', 0)).toBe(200);
    expect(() => slipped(0, 'buy', 5)).toThrow(RangeError);
  });
});

const trade = (positionId: number, pnl: number, fees = 1, exitReason: BacktestTrade['exitReason'] = 'signal-exit'): BacktestTrade => ({
  positionId, symbol: 'BTC', side: 'long', entryTime: 0, entryPrice: 100, exitTime: 1, exitPrice: 100, size: 1,
  fees, grossPnl: pnl + fees, pnl, exitReason, entryReason: 'x',
});
const path = (values: number[]): EquityPoint[] => values.map((equity, i) => ({ time: i, equity, openPositions: i % 2 }));

describe('summary statistics', () => {
  it.each<[number[], number, number]>([
    [[100, 120, 90, 110, 80, 130], 40, (40 / 120) * 100],
    [[100, 101, 102, 103], 0, 0],
    [[100, 50, 200, 150], 50, 50],
    [[1000, 900, 2000, 1500], 500, 25],
  ])('max drawdown of %j is %d USD, %d %%', (eq, usd, pct) => {
    const dd = maxDrawdown(eq);
    expect(dd.usd).toBeCloseTo(usd, 12);
    expect(dd.pct).toBeCloseTo(pct, 12);
  });

  it('win rate counts positions (a partial and its rest once), profit factor and exits are exact', () => {
    const trades = [trade(1, 10), trade(2, -5), trade(3, 3, 1, 'partial'), trade(3, -1, 1, 'stop-loss'), trade(4, -2)];
    const s = summarize(trades, path([100_000, 100_010, 100_005, 100_007, 100_005]), 100_000);
    expect(s).toMatchObject({ trades: 4, wins: 2, losses: 2, winRate: 0.5, fills: 5, fees: 5, startEquity: 100_000, finalEquity: 100_005 });
    expect(s.netPnl).toBeCloseTo(5, 12);
    expect(s.grossPnl).toBeCloseTo(10, 12);
    expect(s.profitFactor).toBeCloseTo(12 / 7, 12);
    expect(s.maxDrawdownUsd).toBe(5);
    expect(s.maxDrawdownPct).toBeCloseTo((5 / 100_010) * 100, 12);
    expect(s.returnPct).toBeCloseTo(0.005, 12);
    expect(s.exposurePct).toBe(40);
    expect(s.exits).toEqual({ 'signal-exit': 3, partial: 1, 'stop-loss': 1, 'take-profit': 0, 'trailing-stop': 0, 'end-of-test': 0 });
  });

  it('the start counts as a peak: losing from the first bucket is a drawdown', () => {
    expect(summarize([], path([99_000, 98_000]), 100_000).maxDrawdownUsd).toBe(2_000);
  });
});

describe('accounting property', () => {
  // integers in bps: fc.double clusters on its bounds, which rarely makes a tradeable walk
  const bar = fc.record({ move: fc.integer({ min: -300, max: 300 }), wick: fc.integer({ min: 0, max: 200 }), volume: fc.integer({ min: 0, max: 40 }) });

  it('final equity = start + Σ trade pnl, gross − fees = net, no exit before its entry', () => {
    let fills = 0;
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 80, size: 'max' }), (bars) => {
        let close = 100;
        const walk = bars.map((b, j) => {
          const open = close;
          close = Math.max(1, open * (1 + b.move / 10_000));
          return candle({ time: t(20 + j), open, close, high: Math.max(open, close) * (1 + b.wick / 10_000), low: Math.min(open, close) * (1 - b.wick / 10_000), volume: b.volume });
        });
        const r = runBacktest({
          candles: new Map([['BTC', [...warmup(), ...walk]]]), pairs: [pair()], strategy: vwm, params: PARAMS,
          fill: { takerFee: 0.0004, slippageBps: 5 }, portfolioValue: 100_000, from: t(20), to: t(20 + bars.length),
        });
        const sum = r.trades.reduce((s, x) => s + x.pnl, 0);
        expect(r.summary.finalEquity).toBeCloseTo(100_000 + sum, 6);
        expect(r.summary.grossPnl - r.summary.fees).toBeCloseTo(r.summary.netPnl, 6);
        expect(r.equity).toHaveLength(bars.length);
        for (const x of r.trades) expect(x.exitTime).toBeGreaterThanOrEqual(x.entryTime);
        fills += r.trades.length;
      }),
      { numRuns: 150 },
    );
    // the random walks must actually trade, or the property says nothing
    expect(fills).toBeGreaterThan(50);
  });
});
