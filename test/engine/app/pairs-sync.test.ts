import { describe, expect, it } from 'vitest';
import { mergePairs } from '../../../src/engine/app/pairs-sync.js';
import type { Pair } from '../../../src/engine/core/types.js';
import type { MarketInfo } from '../../../src/engine/ports/market-rest.js';

const btc: Pair = { symbol: 'BTC', category: 'major', maxLeverage: 50, minOrderSize: 10, tickSize: 0.1, lotSize: 0.001, whaleThresholdUsd: 25_000, isActive: true, displayName: 'Bitcoin' };
const info = (symbol: string, tickSize: number): MarketInfo => ({ symbol, tickSize, lotSize: 0.00001, maxLeverage: 50, minOrderSize: 10, maxOrderSize: 5_000_000, isolatedOnly: false });

describe('mergePairs', () => {
  it('takes sizes from the venue and keeps our own columns', () => {
    const { pairs, updated, added } = mergePairs([btc], [info('BTC', 1)]);
    expect(pairs[0]).toMatchObject({ symbol: 'BTC', tickSize: 1, lotSize: 0.00001, category: 'major', whaleThresholdUsd: 25_000, isActive: true, displayName: 'Bitcoin' });
    expect(updated).toEqual(['BTC']);
    expect(added).toEqual([]);
  });

  it('adds unknown venue symbols as inactive small-caps', () => {
    const { pairs, added } = mergePairs([btc], [info('BTC', 0.1), info('NEWCOIN', 0.001)]);
    expect(added).toEqual(['NEWCOIN']);
    expect(pairs.find((p) => p.symbol === 'NEWCOIN')).toMatchObject({ isActive: false, category: 'small-cap', whaleThresholdUsd: 2_500 });
  });
});
