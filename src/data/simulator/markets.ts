/**
 * The simulated venue's 34 markets: the 30 pairs of pacifica-api.md §4.4 plus TRUMP, ICP,
 * NEAR and STRK (emerging), with late-2025 price levels. Tick and lot sizes follow the
 * venue's /info convention (§2.3: BTC tick "1" lot "0.00001", ETH tick "0.1" lot "0.0001"):
 * about five significant digits of price, and a lot worth roughly one dollar or less.
 */
import type { Category } from '../../engine/core/types.js';
import { pow10 } from './decimal.js';

/** Static description of one simulated market. */
export interface MarketSpec {
  readonly symbol: string;
  readonly category: Category;
  /** Price at the start of the generated history (USD). */
  readonly startPrice: number;
  readonly maxLeverage: number;
  /** tick = 10^tickExp. */
  readonly tickExp: number;
  /** lot = 10^lotExp. */
  readonly lotExp: number;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly whaleThresholdUsd: number;
  /** Share of venue trade flow (relative weight) in simulated trades per second. */
  readonly baseRate: number;
  /** Daily volatility (fraction) in the normal regime. */
  readonly dailyVol: number;
  /** Scale (USD) of the Pareto trade-size distribution. */
  readonly sizeScaleUsd: number;
}

const CATEGORY: Readonly<Record<Category, { threshold: number; rate: number; vol: number; size: number }>> = {
  major: { threshold: 25_000, rate: 3, vol: 0.03, size: 700 },
  'mid-cap': { threshold: 10_000, rate: 1.5, vol: 0.05, size: 300 },
  emerging: { threshold: 5_000, rate: 1, vol: 0.06, size: 150 },
  'small-cap': { threshold: 2_500, rate: 0.6, vol: 0.08, size: 80 },
};

// symbol, category, start price (USD), max leverage; listed oldest market first like /info.
const RAW: ReadonlyArray<readonly [string, Category, number, number]> = [
  ['BTC', 'major', 95_000, 50], ['ETH', 'major', 3_200, 50], ['SOL', 'major', 140, 20],
  ['HYPE', 'mid-cap', 38, 20], ['ZEC', 'mid-cap', 550, 10], ['BNB', 'mid-cap', 920, 10],
  ['XRP', 'mid-cap', 2.2, 20], ['PUMP', 'mid-cap', 0.0035, 5], ['AAVE', 'mid-cap', 190, 10],
  ['ENA', 'mid-cap', 0.28, 10], ['ASTER', 'emerging', 1.1, 5], ['kBONK', 'emerging', 0.011, 10],
  ['kPEPE', 'emerging', 0.0055, 10], ['LTC', 'emerging', 95, 10], ['PAXG', 'emerging', 4_050, 10],
  ['VIRTUAL', 'emerging', 1.0, 5], ['SUI', 'emerging', 1.8, 10], ['FARTCOIN', 'emerging', 0.3, 10],
  ['TAO', 'emerging', 320, 10], ['DOGE', 'emerging', 0.16, 15], ['XPL', 'emerging', 0.22, 10],
  ['AVAX', 'emerging', 15, 10], ['LINK', 'emerging', 13.5, 10], ['UNI', 'emerging', 6.5, 10],
  ['TRUMP', 'emerging', 6.5, 10], ['ICP', 'emerging', 4.5, 10], ['NEAR', 'emerging', 2.2, 10],
  ['STRK', 'emerging', 0.13, 5], ['WLFI', 'small-cap', 0.14, 5], ['PENGU', 'small-cap', 0.012, 5],
  ['2Z', 'small-cap', 0.13, 3], ['MON', 'small-cap', 0.035, 3], ['LDO', 'small-cap', 0.75, 10],
  ['CRV', 'small-cap', 0.45, 10],
];

function buildSpec([symbol, category, startPrice, maxLeverage]: readonly [string, Category, number, number]): MarketSpec {
  const magnitude = Math.floor(Math.log10(startPrice));
  const tickExp = magnitude - 4;
  const lotExp = -magnitude - 1;
  const c = CATEGORY[category];
  return {
    symbol, category, startPrice, maxLeverage, tickExp, lotExp,
    tickSize: pow10(tickExp), lotSize: pow10(lotExp),
    whaleThresholdUsd: c.threshold, baseRate: c.rate, dailyVol: c.vol, sizeScaleUsd: c.size,
  };
}

/** All 34 markets, in /info order. */
export const ALL_MARKETS: readonly MarketSpec[] = RAW.map(buildSpec);

/** Symbols of all 34 markets. */
export const ALL_SYMBOLS: readonly string[] = ALL_MARKETS.map((m) => m.symbol);

/** Look up a market spec by symbol (case-sensitive, like the venue: "kBONK"). */
export function marketSpec(symbol: string): MarketSpec | undefined {
  return ALL_MARKETS.find((m) => m.symbol === symbol);
}
