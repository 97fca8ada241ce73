import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/engine/core/backtest.js';
import type { BacktestInput } from '../../../src/engine/core/backtest-types.js';
import { candle } from './fixtures.js';
import { after, entryCandle, NO_MANAGEMENT, pair, Q, scripted, t, vwmInput, warmup, type Bar } from './backtest-fixtures.js';

const SLIP = 5 / 10_000;
const FEE = 0.0004;
const SIZE = 116.55;
const ENTRY = 100.1 * (1 + SLIP);
const ENTRY_TIME = t(21);

describe('runBacktest with the VWM strategy on hand-built candles', () => {
  it('a breakout goes long at the close of candle 20 and hits the take-profit intrabar', () => {
    const r = runBacktest(vwmInput([{ open: 100.1, high: 109, low: 100, close: 108.5 }]));
    expect(r.trades).toHaveLength(1);
    const tr = r.trades[0]!;
    expect(tr).toMatchObject({ symbol: 'BTC', side: 'long', size: SIZE, entryTime: ENTRY_TIME, exitTime: t(22), exitReason: 'take-profit', positionId: 1 });
    expect(tr.entryReason).toBe('long: momentum 0.0010 > 0.0005, volume ratio 1.50 >= 1.00, strength 0.67');
    expect(tr.entryPrice).toBeCloseTo(ENTRY, 10);
    expect(tr.exitPrice).toBeCloseTo(108.1 * (1 - SLIP), 10);
    expect(tr.grossPnl).toBeCloseTo((108.1 * (1 - SLIP) - ENTRY) * SIZE, 8);
    expect(tr.fees).toBeCloseTo(FEE * SIZE * (ENTRY + 108.1 * (1 - SLIP)), 10);
    expect(r.summary).toMatchObject({ trades: 1, wins: 1, losses: 0, winRate: 1, fills: 1, profitFactor: null });
    expect(r.summary.finalEquity).toBeCloseTo(100_000 + tr.pnl, 8);
    expect(r.evaluations).toBe(2);
  });

  it.each<[string, Bar, string, number]>([
    ['stop-loss inside the bar', { open: 100.1, high: 100.5, low: 96, close: 97 }, 'stop-loss', 96.1],
    ['both stop and target touched: the stop is assumed first', { open: 100.1, high: 109, low: 96, close: 108 }, 'stop-loss', 96.1],
    ['a gap through the stop fills at the open', { open: 95, high: 95.5, low: 94, close: 95 }, 'stop-loss', 95],
  ])('%s', (_name, bar, reason, trigger) => {
    const r = runBacktest(vwmInput([bar]));
    expect(r.trades.map((x) => x.exitReason)).toEqual([reason]);
    expect(r.trades[0]!.exitPrice).toBeCloseTo(trigger * (1 - SLIP), 10);
    expect(r.trades[0]!.pnl).toBeLessThan(0);
    expect(r.summary).toMatchObject({ trades: 1, wins: 0, losses: 1, winRate: 0, profitFactor: 0 });
  });

  it('momentum falling back under the exit threshold closes at the next close (signal-exit)', () => {
    const r = runBacktest(vwmInput([{ open: 100.1, high: 100.2, low: 99.8, close: 100 }]));
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ exitReason: 'signal-exit', exitTime: t(22) });
    expect(r.trades[0]!.exitPrice).toBeCloseTo(100 * (1 - SLIP), 10);
  });

  it('a position still open at the end closes at the last close (end-of-test)', () => {
    const r = runBacktest(vwmInput([{ open: 100.1, high: 101, low: 99.5, close: 100.5 }]));
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ exitReason: 'end-of-test', exitTime: t(22) });
    expect(r.trades[0]!.exitPrice).toBeCloseTo(100.5 * (1 - SLIP), 10);
    expect(r.summary.finalEquity).toBeCloseTo(100_000 + r.trades[0]!.pnl, 8);
    expect(r.equity.at(-1)).toMatchObject({ time: t(22), openPositions: 1 });
  });

  it('takes half at +2 ATR, trails 1.5 ATR from the close, then the trailing stop closes the rest', () => {
    const r = runBacktest(vwmInput([
      { open: 100.1, high: 106, low: 100, close: 105.5 },
      { open: 105.5, high: 105.6, low: 101.5, close: 102 },
    ]));
    const atr21 = (13 * 2 + 6) / 14;
    const trail = 105.5 - 1.5 * atr21;
    expect(r.trades.map((x) => [x.exitReason, x.size, x.positionId])).toEqual([['partial', 58.27, 1], ['trailing-stop', 58.28, 1]]);
    expect(r.trades[0]!.exitPrice).toBeCloseTo(105.5 * (1 - SLIP), 10);
    expect(r.trades[1]!.exitPrice).toBeCloseTo(trail * (1 - SLIP), 10);
    expect(r.trades[0]!.fees + r.trades[1]!.fees).toBeCloseTo(FEE * (SIZE * ENTRY + 58.27 * 105.5 * (1 - SLIP) + 58.28 * trail * (1 - SLIP)), 9);
    expect(r.summary).toMatchObject({ trades: 1, fills: 2, wins: 1 });
    expect(r.summary.exits).toMatchObject({ partial: 1, 'trailing-stop': 1, 'take-profit': 0 });
  });

  it('does not trade across a hole: a missing warm-up bucket keeps the strategy out', () => {
    const candles = [...warmup().filter((c) => c.time !== t(12)), entryCandle(), ...after([{ open: 100.1, high: 109, low: 100, close: 108.5 }])];
    const r = runBacktest(vwmInput([], { candles: new Map([['BTC', candles]]), to: t(22) }));
    expect(r.trades).toEqual([]);
    expect(r.evaluations).toBe(2);
    expect(r.summary).toMatchObject({ trades: 0, winRate: null, netPnl: 0, finalEquity: 100_000, exposurePct: 0 });
  });

  it('candles before `from` are history only, and candles from `to` on are not replayed', () => {
    const r = runBacktest(vwmInput([{ open: 100.1, high: 109, low: 100, close: 108.5 }], { to: t(21) }));
    expect(r.evaluations).toBe(1);
    expect(r.trades.map((x) => x.exitReason)).toEqual(['end-of-test']);
    expect(r.trades[0]!.exitPrice).toBeCloseTo(100.1 * (1 - SLIP), 10);
  });
});

describe('runBacktest fills and replay order (scripted strategy)', () => {
  const flat = (symbol: string, ks: number[], close = 100): BacktestInput['candles'] extends ReadonlyMap<string, infer C> ? C : never =>
    ks.map((k) => candle({ symbol, time: t(k), close, high: close + 1, low: close - 1 }));

  it('fee and slippage arithmetic is exact: 10 @ 100 long, take-profit 120, 0.1 % fee, 10 bps', () => {
    const s = scripted({ [t(2)]: { side: 'long', size: 10, stopLoss: 90, takeProfit: 120 } });
    const candles = [...flat('BTC', [0, 1, 2]), candle({ time: t(3), close: 121, open: 100, high: 121, low: 99.5 })];
    const r = runBacktest({
      candles: new Map([['BTC', candles]]), pairs: [pair()], strategy: s, params: NO_MANAGEMENT,
      fill: { takerFee: 0.001, slippageBps: 10 }, portfolioValue: 100_000, from: t(2), to: t(4),
    });
    const tr = r.trades[0]!;
    expect(tr.entryPrice).toBeCloseTo(100.1, 12);
    expect(tr.exitPrice).toBeCloseTo(119.88, 12);
    expect(tr.grossPnl).toBeCloseTo(197.8, 9);
    expect(tr.fees).toBeCloseTo(1.001 + 1.1988, 12);
    expect(tr.pnl).toBeCloseTo(195.6002, 9);
    expect(r.summary.finalEquity).toBeCloseTo(100_195.6002, 8);
    expect(r.summary.grossPnl - r.summary.fees).toBeCloseTo(r.summary.netPnl, 9);
  });

  it('a short pays slippage upward on entry and on the stop', () => {
    const s = scripted({ [t(2)]: { side: 'short', size: 2, stopLoss: 105, takeProfit: 90 } });
    const candles = [...flat('BTC', [0, 1, 2]), candle({ time: t(3), close: 104, open: 100, high: 106, low: 89 })];
    const r = runBacktest({
      candles: new Map([['BTC', candles]]), pairs: [pair()], strategy: s, params: NO_MANAGEMENT,
      fill: { takerFee: 0, slippageBps: 100 }, portfolioValue: 1_000, from: t(2), to: t(4),
    });
    expect(r.trades[0]).toMatchObject({ side: 'short', exitReason: 'stop-loss' });
    expect(r.trades[0]!.entryPrice).toBeCloseTo(99, 12);
    expect(r.trades[0]!.exitPrice).toBeCloseTo(106.05, 12);
    expect(r.trades[0]!.pnl).toBeCloseTo(-14.1, 9);
  });

  it('replays symbols merged by bucket time and hands the strategy what the scanner would', () => {
    const s = scripted({});
    const r = runBacktest({
      candles: new Map([['ETH', flat('ETH', [0, 1, 2, 4])], ['BTC', flat('BTC', [0, 1, 2, 3])]]),
      pairs: [pair('BTC'), pair('ETH')], strategy: s, params: NO_MANAGEMENT,
      fill: { takerFee: 0, slippageBps: 0 }, portfolioValue: 1_000, from: t(1), to: t(5),
    });
    expect(s.seen.map((i) => `${i.pair.symbol}@${(i.now + 1 - t(0)) / Q}`)).toEqual(['BTC@2', 'ETH@2', 'BTC@3', 'ETH@3', 'BTC@4', 'ETH@5']);
    const eth4 = s.seen.at(-1)!;
    expect(eth4.forming?.time).toBe(t(4));
    expect(eth4.closed.map((c) => c.time)).toEqual([t(0), t(1), t(2)]);
    expect(eth4.price).toBe(eth4.forming?.close);
    expect(r.equity.map((p) => p.time)).toEqual([t(2), t(3), t(4), t(5)]);
  });

  it('exposure passed to the strategy is the open notional at the last closes', () => {
    const s = scripted({ [t(1)]: { side: 'long', size: 3, stopLoss: 1, takeProfit: 1_000 } });
    runBacktest({
      candles: new Map([['BTC', flat('BTC', [0, 1, 2], 50)], ['ETH', flat('ETH', [0, 1, 2], 10)]]),
      pairs: [pair('BTC'), pair('ETH')], strategy: s, params: NO_MANAGEMENT,
      fill: { takerFee: 0, slippageBps: 0 }, portfolioValue: 1_000, from: t(1), to: t(3),
    });
    expect(s.seen.map((i) => [i.pair.symbol, i.exposure.longUsd, i.position?.size ?? 0])).toEqual([
      // both open 3 at t1 (BTC first, by name): 3 x 50, then 3 x 50 + 3 x 10
      ['BTC', 0, 0], ['ETH', 150, 0], ['BTC', 180, 3], ['ETH', 180, 3],
    ]);
  });

  it('is deterministic and rejects corrupt input', () => {
    const input = vwmInput([{ open: 100.1, high: 109, low: 100, close: 108.5 }]);
    expect(runBacktest(input)).toEqual(runBacktest(input));
    expect(() => runBacktest({ ...input, pairs: [] })).toThrow('no pair (lot size, minimum order) for BTC');
    expect(() => runBacktest({ ...input, from: input.to })).toThrow(RangeError);
    expect(() => runBacktest({ ...input, fill: { takerFee: -1, slippageBps: 0 } })).toThrow(RangeError);
  });
});
