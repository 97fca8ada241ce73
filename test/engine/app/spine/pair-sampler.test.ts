import { describe, expect, it } from 'vitest';
import { samplePairs, type PairSources } from '../../../../src/engine/app/spine/pair-sampler.js';
import type { Candle, Timeframe } from '../../../../src/engine/core/types.js';
import { TIMEFRAME_MS } from '../../../../src/engine/core/types.js';
import { activePair } from '../engine-fakes.js';

const NOW = Date.UTC(2026, 11, 1, 12, 7, 30);
const candle = (tf: Timeframe, time: number, close: number): Candle => ({
  symbol: 'BTC', timeframe: tf, time, open: close, high: close, low: close, close, volume: 1, vwap: close, trades: 1, buyVolume: 1, sellVolume: 0, source: 'live',
});

function sources(byTf: Partial<Record<Timeframe, Candle[]>>): PairSources {
  return {
    timeframe: '15m', required: 20, closed: (_s, tf) => byTf[tf] ?? [], forming: () => undefined, marketTime: () => NOW,
    lastPrice: () => 110, markPrice: () => 111, activeWalls: () => new Map(),
  };
}

describe('pair sampler: 15-minute change', () => {
  it('uses the 1m close from 15 minutes ago', () => {
    const minutes = Array.from({ length: 20 }, (_, i) => candle('1m', NOW - 20 * 60_000 + i * 60_000 - 30_000, 100 + i));
    const [p] = samplePairs([], [activePair('BTC')], sources({ '1m': minutes }));
    // The 1m candle closing at or before 11:52:30 is the one starting 11:51:00 (close 104).
    // To 0.0001% (6 decimals of the fraction), the precision the state carries.
    expect(p!.change15m).toBe(0.057692);
  });

  it('falls back to a coarser candle when there are no 1m candles (after backfill), and is null with none', () => {
    const ms = TIMEFRAME_MS['15m'];
    const start = Math.floor(NOW / ms) * ms;
    const quarter = [candle('15m', start - 2 * ms, 90), candle('15m', start - ms, 100)];
    const [p] = samplePairs([], [activePair('BTC')], sources({ '15m': quarter }));
    // 15 minutes ago was 11:52:30: the latest 15m candle closed by then is 11:30-11:45 (close 90).
    expect(p!.change15m).toBe(0.222222);
    expect(samplePairs([], [activePair('BTC')], sources({}))[0]!.change15m).toBeNull();
  });
});
