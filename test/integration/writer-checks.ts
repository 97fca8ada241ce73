import { expect } from 'vitest';
import { TIMEFRAMES, type Tick } from '../../src/engine/core/types.js';
import type { Store } from '../../src/engine/ports/store.js';

const SYMBOLS = ['BTC', 'ETH', 'SOL'] as const;
/** Start of the generated history: a fixed UTC instant, so candle buckets are reproducible. */
export const T0 = Date.UTC(2026, 10, 20, 22, 0, 0);

/**
 * `n` distinct trades over three seeded pairs, about 1.7 s apart per symbol so they span
 * several days of candles; every fifth trade shares its millisecond with the previous one
 * (distinct trade ids), the case the seed's (time, symbol) key used to merge.
 */
export function generateTicks(n: number, venue: Tick['venue'] = 'simulator'): Tick[] {
  const out: Tick[] = [];
  for (let i = 0; i < n; i++) {
    const symbol = SYMBOLS[i % SYMBOLS.length] ?? 'BTC';
    const step = Math.floor(i / SYMBOLS.length);
    const sameMs = step % 5 === 4 ? 1 : 0;
    out.push({
      time: T0 + (step - sameMs) * 1_700,
      symbol,
      tradeId: i + 1,
      price: 100 + Math.sin(i / 50) * 5 + (i % 7) * 0.01,
      volume: 0.001 + (i % 13) * 0.125,
      side: i % 3 === 0 ? 'sell' : 'buy',
      venue,
    });
  }
  return out;
}

/**
 * Every tick stored exactly once and every candle table consistent with the ticks:
 * per symbol, Σ volume, Σ buy volume and Σ trade count over each timeframe equal the tick sums.
 */
export async function expectStoredExactlyOnce(store: Store, ticks: readonly Tick[]): Promise<void> {
  expect(await store.countTicks()).toBe(ticks.length);
  for (const symbol of SYMBOLS) {
    const mine = ticks.filter((t) => t.symbol === symbol);
    if (mine.length === 0) continue;
    const times = mine.map((t) => t.time);
    const stored = await store.findTicks(symbol, Math.min(...times), Math.max(...times) + 1);
    expect(new Set(stored.map((t) => `${t.time}|${t.tradeId}`)).size).toBe(mine.length);
    const volume = mine.reduce((s, t) => s + t.volume, 0);
    const buy = mine.filter((t) => t.side === 'buy').reduce((s, t) => s + t.volume, 0);
    for (const timeframe of TIMEFRAMES) {
      const candles = await store.loadCandles({ timeframe, symbol });
      expect(candles.reduce((s, c) => s + c.trades, 0), `${symbol} ${timeframe} trades`).toBe(mine.length);
      expect(candles.reduce((s, c) => s + c.volume, 0), `${symbol} ${timeframe} volume`).toBeCloseTo(volume, 6);
      expect(candles.reduce((s, c) => s + c.buyVolume, 0), `${symbol} ${timeframe} buy volume`).toBeCloseTo(buy, 6);
    }
  }
}
