import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_PAIRS, seedPairsFrom } from '../../../src/engine/core/seed-pairs.js';
import { ROOT } from '../../helpers/built.js';

describe('seed pairs', () => {
  it('are the 34 pairs of migrations/002_pairs_seed.sql, with their categories and whale thresholds', () => {
    const sql = readFileSync(join(ROOT, 'migrations/002_pairs_seed.sql'), 'utf8');
    const rows = [...sql.matchAll(/\('([^']+)',\s*'([^']+)',\s*\d+,\s*\d+,\s*[\d.]+,\s*[\d.]+,\s*(\d+),\s*'([^']+)'\)/g)];
    expect(rows).toHaveLength(34);
    expect([...SEED_PAIRS.values()]).toEqual(rows.map((r) => ({ symbol: r[1], category: r[2], whaleThresholdUsd: Number(r[3]), displayName: r[4] })));
  });

  it('from /info alone: the seed markets turn on with the venue sizes; an unreviewed market stays off', () => {
    const market = (symbol: string) => ({ symbol, tickSize: 0.5, lotSize: 0.001, maxLeverage: 40, minOrderSize: 10, maxOrderSize: 1e6 });
    const { pairs, skipped } = seedPairsFrom([market('BTC'), market('NEWCOIN'), market('CRV')]);
    expect(skipped).toEqual(['NEWCOIN']);
    expect(pairs).toEqual([
      { symbol: 'BTC', category: 'major', whaleThresholdUsd: 25_000, displayName: 'Bitcoin', maxLeverage: 40, minOrderSize: 10, tickSize: 0.5, lotSize: 0.001, isActive: true },
      { symbol: 'CRV', category: 'small-cap', whaleThresholdUsd: 2_500, displayName: 'Curve DAO', maxLeverage: 40, minOrderSize: 10, tickSize: 0.5, lotSize: 0.001, isActive: true },
    ]);
  });
});
