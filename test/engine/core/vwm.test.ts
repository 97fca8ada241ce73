import { describe, expect, it } from 'vitest';
import { createVwmStrategy, evaluateVwm, fmtSmall } from '../../../src/engine/core/vwm.js';
import { DEFAULT_VWM_PARAMS, vwmParams } from '../../../src/engine/core/vwm-params.js';
import { toSignalRecord, type StrategyInput, type StrategyPosition } from '../../../src/engine/core/strategy.js';
import type { Pair } from '../../../src/engine/core/types.js';
import { at, candle } from './fixtures.js';

const Q = 900_000;
const START = at('2026-03-02T10:00:00Z');
/** 20 closed 15m candles, close 100, volume 10, range 99..101 (ATR 2); now is 5 min into the next bucket. */
const closed = Array.from({ length: 20 }, (_, i) => candle({ time: START + i * Q, close: 100, high: 101, low: 99, volume: 10 }));
const FORMING_START = START + 20 * Q;
const NOW = FORMING_START + 300_000;
const PAIR: Pair = {
  symbol: 'BTC', category: 'major', maxLeverage: 50, minOrderSize: 10, tickSize: 0.1, lotSize: 0.01,
  whaleThresholdUsd: 25_000, isActive: true, displayName: 'BTC',
};

const input = (over: Partial<StrategyInput> & { formingVolume?: number } = {}): StrategyInput => ({
  pair: PAIR,
  now: NOW,
  price: 100,
  closed,
  forming: candle({ time: FORMING_START, close: 100, volume: over.formingVolume ?? 5, source: 'live' }),
  position: null,
  exposure: { longUsd: 0, shortUsd: 0 },
  portfolioValue: 100_000,
  ...over,
});
const position = (side: 'long' | 'short'): StrategyPosition => ({
  symbol: 'BTC', side, size: 1, entryPrice: 100, stopLoss: null, takeProfit: null, trailingStop: null, partialTaken: false,
});
const vwm = createVwmStrategy();

describe('VWM decisions on hand-built candles', () => {
  it('long: momentum above threshold with volume confirmed', () => {
    const r = vwm.evaluate(input({ price: 100.1 }));
    expect(r.decision).toBe('long');
    expect(r.reason).toBe('long: momentum 0.0010 > 0.0005, volume ratio 1.50 >= 1.00, strength 0.67');
    expect(r.numbers).toMatchObject({ vwap: 100, atr: 2, stopLoss: 96.1, takeProfit: 108.1, size: 116.55 });
    expect(r.numbers.momentum).toBeCloseTo(0.001, 12);
    expect(r.numbers.volumeRatio).toBeCloseTo(1.5, 12);
    expect(r.orderIntent).toEqual({ type: 'open', symbol: 'BTC', side: 'long', size: 116.55, price: 100.1, stopLoss: 96.1, takeProfit: 108.1 });
  });

  it('short: momentum below −threshold with volume confirmed', () => {
    const r = vwm.evaluate(input({ price: 99.9 }));
    expect(r.decision).toBe('short');
    expect(r.numbers.stopLoss).toBeCloseTo(103.9, 9);
    expect(r.numbers.takeProfit).toBeCloseTo(91.9, 9);
    expect(r.orderIntent).toMatchObject({ side: 'short' });
  });

  it.each<[string, Partial<StrategyInput> & { formingVolume?: number }, string]>([
    ['small momentum', { price: 100.02 }, '|momentum| 0.0002 < 0.0005'],
    ['low volume', { price: 100.1, formingVolume: 4 / 3 }, 'volume ratio 0.40 < 1.00'],
    ['no forming candle', { price: 100.1, forming: undefined }, 'volume ratio 0.00 < 1.00'],
    ['warming up', { price: 100.1, closed: closed.slice(-7) }, 'warming up 7/20'],
    ['hole', { price: 100.1, closed: [...closed.slice(0, 10), ...closed.slice(11)] }, 'hole in candles at 2026-03-02T12:30:00.000Z (9/20 contiguous)'],
    ['below minimum order', { price: 100.1, portfolioValue: 50 }, 'size 0.05 (5.00 USD) below minimum order 10 USD'],
    ['direction cap', { price: 100.1, exposure: { longUsd: 20_000, shortUsd: 10_000 } }, 'blocked by risk rule direction-cap (long 76% > 70%)'],
    ['no volume', { closed: closed.map((c) => ({ ...c, volume: 0 })) }, 'no volume in the last 20 candles'],
    ['holding long', { price: 100.1, position: position('long') }, 'holding long: momentum 0.0010 >= exit 0.0003'],
  ])('hold: %s', (_, over, reason) => {
    const r = vwm.evaluate(input(over));
    expect(r.decision).toBe('hold');
    expect(r.reason).toBe(reason);
    expect(r.orderIntent).toBeUndefined();
  });

  it.each<['long' | 'short', number, string]>([
    ['long', 100.02, 'exit long: momentum 0.0002 < 0.0003'],
    ['short', 99.98, 'exit short: momentum -0.0002 > -0.0003'],
  ])('exit %s when momentum falls back through the exit threshold', (side, price, reason) => {
    const r = vwm.evaluate(input({ price, position: position(side) }));
    expect(r).toMatchObject({ decision: 'exit', reason, orderIntent: { type: 'close', side, size: 1 } });
  });

  it('scales the forming volume by elapsed fraction with a 0.1 floor', () => {
    const early = vwm.evaluate(input({ price: 100.1, now: FORMING_START + 1_000, formingVolume: 1 }));
    expect(early.numbers.volumeRatio).toBeCloseTo(1 / 0.1 / 10, 12);
  });

  it('writes a signals row with the numbers', () => {
    const r = vwm.evaluate(input({ price: 100.02 }));
    expect(toSignalRecord(vwm.id, NOW, 'BTC', r)).toMatchObject({ strategyId: 'vwm_momentum_1', decision: 'hold', vwap: 100, size: null });
  });

  it('throws on corrupt input', () => {
    expect(() => vwm.evaluate(input({ price: Number.NaN }))).toThrow(RangeError);
    expect(() => vwm.evaluate(input({ portfolioValue: -1 }))).toThrow(RangeError);
    expect(() => evaluateVwm(input(), DEFAULT_VWM_PARAMS)).not.toThrow();
  });
});

describe('VWM parameters', () => {
  it('defaults are the seed values and required candles cover ATR(14)', () => {
    expect(DEFAULT_VWM_PARAMS).toMatchObject({ momentumThreshold: 0.0005, exitThreshold: 0.0003, volumeMultiplier: 1, lookbackPeriod: 20, basePositionPct: 5, maxPositionPct: 15 });
    expect(createVwmStrategy({ lookbackPeriod: 10 }).requiredCandles).toBe(15);
  });

  it.each([
    [{ momentumThreshold: Number.NaN }, /VWM_MOMENTUM_THRESHOLD/],
    [{ basePositionPct: 20 }, /VWM_MAX_POSITION_PCT/],
    [{ lookbackPeriod: 2.5 }, /VWM_LOOKBACK_PERIOD/],
    [{ timeframe: '7m' as never }, /unknown timeframe/],
  ])('rejects %o', (over, msg) => expect(() => vwmParams(over)).toThrow(msg));

  it('formats small numbers readably', () => {
    expect([0.0002, 0.0005, 0.00005, -0.0003, 0.0123].map(fmtSmall)).toEqual(['0.0002', '0.0005', '0.00005', '-0.0003', '0.0123']);
  });
});
