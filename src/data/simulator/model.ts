/**
 * The price and trade-flow model of one market. Mutable per-market state, advanced only in
 * fixed simulated-time steps by the engine, so a seed replays identically whatever the timer
 * jitter. Features the strategy and detectors need to see: volatility regimes, trends lasting
 * 30 min to 4 h (momentum on 15m candles), volume bursts and Pareto (heavy-tailed) trade sizes.
 */
import type { VenueTradeSide, TradeCause } from '../../engine/core/types.js';
import type { MarketSpec } from './markets.js';
import { between, normal, pareto, poisson, type Rng } from './prng.js';

/** Volatility multiplier and trade-rate multiplier per regime (calm, normal, volatile). */
const REGIME_VOL = [0.5, 1, 2.5] as const;
const REGIME_RATE = [0.6, 1, 1.8] as const;
/** Pareto tail index of trade sizes: below 2, so the variance is infinite like real flow. */
export const SIZE_ALPHA = 1.5;
const MINUTE = 60_000;

/** Mutable market state advanced by the engine. */
export interface MarketState {
  readonly spec: MarketSpec;
  readonly rng: Rng;
  logPrice: number;
  regime: 0 | 1 | 2;
  regimeUntil: number;
  /** Log-price drift per ms. */
  drift: number;
  driftUntil: number;
  /** Trade-rate multiplier of the current volume burst (1 = none). */
  burst: number;
  burstUntil: number;
}

/** A generated taker trade, before the venue assigns history ids. */
export interface RawTrade {
  readonly time: number;
  readonly priceTicks: number;
  readonly lots: number;
  readonly buy: boolean;
  readonly d: VenueTradeSide;
  readonly cause: TradeCause;
}

/** Best bid and ask (ticks) around the mid. */
export interface Touch {
  readonly bid: number;
  readonly ask: number;
}

/** Fresh state at the market's starting price. */
export function createMarketState(spec: MarketSpec, rng: Rng): MarketState {
  return { spec, rng, logPrice: Math.log(spec.startPrice), regime: 1, regimeUntil: 0, drift: 0, driftUntil: 0, burst: 1, burstUntil: 0 };
}

/** Mid price in ticks (never below one tick). */
export function midTicks(state: MarketState): number {
  return Math.max(1, Math.round(Math.exp(state.logPrice) / state.spec.tickSize));
}

function refreshRegimes(s: MarketState, now: number, dtMs: number): void {
  if (now >= s.regimeUntil) {
    const u = s.rng();
    s.regime = u < 0.3 ? 0 : u < 0.8 ? 1 : 2;
    s.regimeUntil = now + between(s.rng, 20, 180) * MINUTE;
  }
  if (now >= s.driftUntil) {
    const duration = between(s.rng, 30, 240) * MINUTE;
    const flat = s.rng() < 0.3;
    const move = flat ? 0 : (s.rng() < 0.5 ? -1 : 1) * between(s.rng, 0.004, 0.025);
    s.drift = move / duration;
    s.driftUntil = now + duration;
  }
  if (s.burst > 1 && now >= s.burstUntil) s.burst = 1;
  if (s.burst === 1 && s.rng() < dtMs / (10 * MINUTE)) {
    s.burst = between(s.rng, 3, 8);
    s.burstUntil = now + between(s.rng, 10_000, 90_000);
  }
}

/** Advance the log price over [now, now + dtMs). */
export function advancePrice(s: MarketState, now: number, dtMs: number): void {
  refreshRegimes(s, now, dtMs);
  const sigmaPerSqrtSec = (s.spec.dailyVol * REGIME_VOL[s.regime]) / Math.sqrt(86_400);
  s.logPrice += s.drift * dtMs + sigmaPerSqrtSec * Math.sqrt(dtMs / 1000) * normal(s.rng);
}

/**
 * Expected trades per ms right now. `steady` (benchmarks asking for an exact overall rate)
 * ignores bursts and regimes so the venue emits the requested trades per second.
 */
export function tradeRatePerMs(s: MarketState, rateScale: number, steady = false): number {
  const swing = steady ? 1 : s.burst * REGIME_RATE[s.regime];
  return (s.spec.baseRate * rateScale * swing) / 1000;
}

/** One heavy-tailed trade size in lots (at least one lot). */
export function drawLots(s: MarketState, priceUsd: number): number {
  const usd = Math.min(s.spec.sizeScaleUsd * pareto(s.rng, SIZE_ALPHA) * (s.burst > 1 ? 1.5 : 1), s.spec.sizeScaleUsd * 5_000);
  return Math.max(1, Math.round(usd / priceUsd / s.spec.lotSize));
}

/** Generate the taker trades of one step [start, start + dtMs) against the current touch. */
export function generateTrades(s: MarketState, start: number, dtMs: number, rate: { scale: number; steady: boolean }, touch: Touch, spacing: number): RawTrade[] {
  const n = Math.min(poisson(s.rng, tradeRatePerMs(s, rate.scale, rate.steady) * dtMs), 5_000);
  if (n === 0) return [];
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(start + Math.floor(s.rng() * dtMs));
  times.sort((a, b) => a - b);
  const buyProb = 0.5 + Math.sign(s.drift) * 0.06;
  const trades: RawTrade[] = [];
  for (const time of times) {
    const buy = s.rng() < buyProb;
    const base = buy ? touch.ask : touch.bid;
    const lots = drawLots(s, base * s.spec.tickSize);
    // Large takers sweep a few levels, so big prints land away from the touch.
    const sweep = Math.min(3, Math.floor((lots * s.spec.lotSize * base * s.spec.tickSize) / (30 * s.spec.sizeScaleUsd)));
    const priceTicks = Math.max(1, base + (buy ? 1 : -1) * sweep * spacing);
    const open = s.rng() < 0.6;
    const d: VenueTradeSide = buy ? (open ? 'open_long' : 'close_short') : open ? 'open_short' : 'close_long';
    const cause: TradeCause = s.regime === 2 && s.rng() < 0.002 ? 'market_liquidation' : 'normal';
    trades.push({ time, priceTicks, lots, buy, d, cause });
  }
  return trades;
}
