/**
 * The pairs Nexwave collects until an operator says otherwise: the 34 of
 * migrations/002_pairs_seed.sql (symbol, category, display name; a test keeps the two the
 * same). Used when the database cannot say which pairs are active (down at start): the
 * venue's `/info` supplies the sizes, this list says which markets are ours to turn on, so an
 * unreviewed market on `/info` is never switched on.
 */
import type { MarketLimits } from './pair-limits.js';
import type { Category, Pair } from './types.js';

/** Whale thresholds by category, as in the seed (USD). */
export const WHALE_THRESHOLD_USD: Readonly<Record<Category, number>> = { major: 25_000, 'mid-cap': 10_000, emerging: 5_000, 'small-cap': 2_500 };

const SEED: ReadonlyArray<readonly [string, Category, string]> = [
  ['BTC', 'major', 'Bitcoin'],
  ['ETH', 'major', 'Ethereum'],
  ['SOL', 'major', 'Solana'],
  ['HYPE', 'mid-cap', 'Hyperliquid'],
  ['ZEC', 'mid-cap', 'Zcash'],
  ['BNB', 'mid-cap', 'BNB'],
  ['XRP', 'mid-cap', 'XRP'],
  ['PUMP', 'mid-cap', 'Pump.fun'],
  ['AAVE', 'mid-cap', 'Aave'],
  ['ENA', 'mid-cap', 'Ethena'],
  ['ASTER', 'emerging', 'Aster'],
  ['kBONK', 'emerging', 'Bonk (1000x)'],
  ['kPEPE', 'emerging', 'Pepe (1000x)'],
  ['LTC', 'emerging', 'Litecoin'],
  ['PAXG', 'emerging', 'PAX Gold'],
  ['VIRTUAL', 'emerging', 'Virtuals Protocol'],
  ['SUI', 'emerging', 'Sui'],
  ['FARTCOIN', 'emerging', 'Fartcoin'],
  ['TAO', 'emerging', 'Bittensor'],
  ['DOGE', 'emerging', 'Dogecoin'],
  ['XPL', 'emerging', 'Plasma'],
  ['AVAX', 'emerging', 'Avalanche'],
  ['LINK', 'emerging', 'Chainlink'],
  ['UNI', 'emerging', 'Uniswap'],
  ['TRUMP', 'emerging', 'Official Trump'],
  ['ICP', 'emerging', 'Internet Computer'],
  ['NEAR', 'emerging', 'NEAR Protocol'],
  ['STRK', 'emerging', 'Starknet'],
  ['WLFI', 'small-cap', 'World Liberty Financial'],
  ['PENGU', 'small-cap', 'Pudgy Penguins'],
  ['2Z', 'small-cap', 'DoubleZero'],
  ['MON', 'small-cap', 'Monad'],
  ['LDO', 'small-cap', 'Lido DAO'],
  ['CRV', 'small-cap', 'Curve DAO'],
];

export type SeedPair = Pick<Pair, 'symbol' | 'category' | 'whaleThresholdUsd' | 'displayName'>;

/** The seed's pairs by symbol. */
export const SEED_PAIRS: ReadonlyMap<string, SeedPair> = new Map(
  SEED.map(([symbol, category, displayName]) => [symbol, { symbol, category, displayName, whaleThresholdUsd: WHALE_THRESHOLD_USD[category] }]),
);

/**
 * Pairs to collect from `/info` alone (the database cannot say which are active): the seed's
 * markets, active, with the seed's category and whale threshold and the venue's sizes. Any
 * other market is left out (`skipped`): it has not been reviewed, so it is never turned on.
 */
export function seedPairsFrom(info: readonly MarketLimits[]): { pairs: Pair[]; skipped: string[] } {
  const pairs: Pair[] = [];
  const skipped: string[] = [];
  for (const m of info) {
    const seed = SEED_PAIRS.get(m.symbol);
    if (!seed) skipped.push(m.symbol);
    else pairs.push({ ...seed, maxLeverage: m.maxLeverage, minOrderSize: m.minOrderSize, tickSize: m.tickSize, lotSize: m.lotSize, isActive: true });
  }
  return { pairs, skipped };
}
