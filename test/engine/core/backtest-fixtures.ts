/** Hand-built candle sets and a scripted strategy for the backtest tests. */
import type { Candle, Pair } from '../../../src/engine/core/types.js';
import type { Strategy, StrategyInput, StrategyResult } from '../../../src/engine/core/strategy.js';
import { EMPTY_NUMBERS } from '../../../src/engine/core/strategy.js';
import type { BacktestInput } from '../../../src/engine/core/backtest-types.js';
import { vwmParams } from '../../../src/engine/core/vwm-params.js';
import { createVwmStrategy } from '../../../src/engine/core/vwm.js';
import { at, candle } from './fixtures.js';

export const Q = 900_000;
export const T0 = at('2026-03-02T00:00:00Z');
/** Bucket start of candle k. */
export const t = (k: number): number => T0 + k * Q;

export const pair = (symbol = 'BTC', lotSize = 0.01): Pair => ({
  symbol, category: 'major', maxLeverage: 50, minOrderSize: 10, tickSize: 0.01, lotSize,
  whaleThresholdUsd: 25_000, isActive: true, displayName: symbol,
});

/** 20 warm-up candles: close 100, range 99..101 (ATR 2), volume 10. */
export const warmup = (symbol = 'BTC'): Candle[] =>
  Array.from({ length: 20 }, (_, k) => candle({ symbol, time: t(k), close: 100, high: 101, low: 99, volume: 10 }));

/** Candle 20: close 100.1 on 1.5x volume, which VWM buys (momentum 0.001, size 116.55, SL 96.1, TP 108.1). */
export const entryCandle = (symbol = 'BTC'): Candle => candle({ symbol, time: t(20), open: 100, close: 100.1, high: 101, low: 99, volume: 15 });

export type Bar = Pick<Candle, 'open' | 'high' | 'low' | 'close'> & { volume?: number };

/** Candles after the entry (k = 21, 22, ...), low volume so VWM does not re-enter. */
export const after = (bars: readonly Bar[], symbol = 'BTC'): Candle[] =>
  bars.map((b, j) => candle({ symbol, time: t(21 + j), volume: 1, ...b }));

export const vwm = createVwmStrategy();
export const PARAMS = vwmParams();

/** Input over warm-up + entry + `bars`, trading from candle 20 to the end of the last bar. */
export function vwmInput(bars: readonly Bar[], over: Partial<BacktestInput> = {}): BacktestInput {
  const candles = [...warmup(), entryCandle(), ...after(bars)];
  return {
    candles: new Map([['BTC', candles]]),
    pairs: [pair()],
    strategy: vwm,
    params: PARAMS,
    fill: { takerFee: 0.0004, slippageBps: 5 },
    portfolioValue: 100_000,
    from: t(20),
    to: t(21 + bars.length),
    ...over,
  };
}

/**
 * A strategy that opens at given bucket starts with fixed size and stops, and exits at
 * others; it records every input it saw.
 */
export function scripted(
  plan: Record<number, { side: 'long' | 'short'; size: number; stopLoss: number; takeProfit: number } | 'exit'>,
): Strategy & { seen: StrategyInput[] } {
  const seen: StrategyInput[] = [];
  const hold: StrategyResult = { decision: 'hold', reason: 'scripted hold', numbers: EMPTY_NUMBERS };
  return {
    id: 'scripted',
    timeframe: '15m',
    requiredCandles: 2,
    seen,
    evaluate(input) {
      seen.push(input);
      const step = plan[input.forming?.time ?? -1];
      if (step === undefined) return hold;
      if (step === 'exit') {
        const p = input.position;
        return p === null ? hold : { decision: 'exit', reason: 'scripted exit', numbers: EMPTY_NUMBERS, orderIntent: { type: 'close', symbol: p.symbol, side: p.side, size: p.size } };
      }
      return {
        decision: step.side,
        reason: `scripted ${step.side}`,
        numbers: EMPTY_NUMBERS,
        orderIntent: { type: 'open', symbol: input.pair.symbol, price: input.price, ...step },
      };
    },
  };
}

/** Params with trailing and partial out of reach, for tests of plain SL/TP. */
export const NO_MANAGEMENT = vwmParams({ trailingActivationAtr: 1000, partialTakeProfitAtr: 1000 });
