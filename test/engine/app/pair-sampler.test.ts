import { describe, expect, it } from 'vitest';
import { samplePairs, type PairSources } from '../../../src/engine/app/spine/pair-sampler.js';
import { share } from '../../../src/engine/core/spine/share-structure.js';
import type { Candle, Pair } from '../../../src/engine/core/types.js';

const M15 = 15 * 60_000;
const T0 = Date.UTC(2026, 2, 2, 12, 0);
const pair: Pair = { symbol: 'BTC', category: 'major', maxLeverage: 50, minOrderSize: 10, tickSize: 1, lotSize: 0.001, whaleThresholdUsd: 25_000, isActive: true, displayName: 'BTC' };
const candles: Candle[] = Array.from({ length: 20 }, (_, i) => ({
  symbol: 'BTC', timeframe: '15m', time: T0 + i * M15, open: 1, high: 1, low: 1, close: 1, volume: 1, vwap: 1, trades: 1, buyVolume: 1, sellVolume: 0, source: 'stored',
}));

function sources(now: () => number): PairSources {
  return {
    timeframe: '15m', required: 20, closed: (_s, tf) => (tf === '15m' ? candles : []), forming: () => undefined,
    marketTime: now, lastPrice: () => 1, markPrice: () => 1, whaleSide: () => null,
  };
}

describe('samplePairs', () => {
  it('a ready pair keeps its readiness (and its identity) from one sample to the next', () => {
    let now = T0 + 20 * M15 + 1_000;
    const first = share(undefined, samplePairs([], [pair], sources(() => now)));
    expect(first[0]?.readiness.ready).toBe(true);
    now += 250;
    const second = share(first, samplePairs(first, [pair], sources(() => now)));
    expect(second[0]?.readiness).toBe(first[0]?.readiness);
  });
});
