/**
 * Generated candle history before the simulation starts (so /kline reaches back days and the
 * strategy can warm up). It runs the same price model as the live engine, in 15 s sub-steps,
 * and then hands the market state on to the live engine: the live price continues from the
 * last historical close and regimes carry over.
 */
import { putMinute, type Minute, type MinuteSeries } from './candles.js';
import { advancePrice, drawLots, midTicks, tradeRatePerMs, type MarketState } from './model.js';
import { poisson } from './prng.js';

const MINUTE = 60_000;
const SUBSTEPS = 4;
/** Sizes drawn per minute; the rest of the minute's volume is scaled from them. */
const SIZE_SAMPLES = 12;

function generateMinute(state: MarketState, t: number, rateScale: number): Minute {
  const o = midTicks(state);
  let h = o;
  let l = o;
  for (let i = 0; i < SUBSTEPS; i++) {
    advancePrice(state, t + (i * MINUTE) / SUBSTEPS, MINUTE / SUBSTEPS);
    const p = midTicks(state);
    if (p > h) h = p;
    if (p < l) l = p;
  }
  const c = midTicks(state);
  const n = Math.max(1, poisson(state.rng, tradeRatePerMs(state, rateScale) * MINUTE));
  const samples = Math.min(n, SIZE_SAMPLES);
  const priceUsd = c * state.spec.tickSize;
  let lots = 0;
  for (let i = 0; i < samples; i++) lots += drawLots(state, priceUsd);
  return { o, h, l, c, v: Math.round((lots * n) / samples), n };
}

/** Fill `series` with one candle per minute in [series.baseMs, endMs). */
export function generateHistory(state: MarketState, series: MinuteSeries, endMs: number, rateScale: number): void {
  for (let t = series.baseMs; t < endMs; t += MINUTE) putMinute(series, t, generateMinute(state, t, rateScale));
}
