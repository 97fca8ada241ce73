import fc from 'fast-check';
import type { Candle, Tick, Timeframe } from '../../../src/engine/core/types.js';

/** A tick with defaults; tests override what matters. */
export const tick = (over: Partial<Tick> & Pick<Tick, 'time' | 'tradeId' | 'price'>): Tick => ({
  symbol: 'BTC',
  volume: 1,
  side: 'buy',
  venue: 'simulator',
  ...over,
});

/** A candle with defaults (flat at `close`). */
export const candle = (over: Partial<Candle> & Pick<Candle, 'time' | 'close'>): Candle => ({
  symbol: 'BTC',
  timeframe: '15m' as Timeframe,
  open: over.close,
  high: over.close,
  low: over.close,
  volume: 10,
  vwap: over.close,
  trades: 5,
  buyVolume: 5,
  sellVolume: 5,
  source: 'stored',
  ...over,
});

/** Epoch ms of an ISO UTC date. */
export const at = (iso: string): number => Date.parse(iso);

const T0 = at('2026-03-02T00:00:00Z');

/** Streams of ticks for one symbol with unique (time, tradeId), over ~3 hours. */
export const tickStream = fc
  .array(
    fc.record({
      dt: fc.integer({ min: 0, max: 3 * 3_600_000 }),
      price: fc.double({ min: 1, max: 1000, noNaN: true }),
      volume: fc.double({ min: 0.001, max: 50, noNaN: true }),
      buy: fc.boolean(),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((rows) =>
    rows.map((r, i): Tick => tick({ time: T0 + r.dt, tradeId: i + 1, price: r.price, volume: r.volume, side: r.buy ? 'buy' : 'sell' })),
  );

/** Relative closeness for sums added in different orders. */
export const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Candle equality up to float summation order. */
export function sameCandle(a: Candle, b: Candle): boolean {
  return (
    a.symbol === b.symbol &&
    a.time === b.time &&
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.trades === b.trades &&
    close(a.volume, b.volume) &&
    close(a.vwap, b.vwap) &&
    close(a.buyVolume, b.buyVolume) &&
    close(a.sellVolume, b.sellVolume)
  );
}
