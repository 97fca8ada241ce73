/**
 * Pairs when the database is down at start: the engine collects from `/info`, but only the
 * markets Nexwave knows (the seed's); an unreviewed market on `/info` is never turned on.
 */
import { describe, expect, it } from 'vitest';
import { loadPairs } from '../../../src/engine/app/engine-pairs.js';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import type { MarketRest } from '../../../src/engine/ports/market-rest.js';
import type { PairStore } from '../../../src/engine/ports/store.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { RecordingLogger } from './batch-writer-fakes.js';

const market = (symbol: string) => ({ symbol, tickSize: 0.1, lotSize: 0.001, maxLeverage: 20, minOrderSize: 10, maxOrderSize: 1e6, isolatedOnly: false });

describe('loadPairs with the database down at start', () => {
  it('turns on only the seed markets that /info lists, never an unknown one', async () => {
    const down = (): Promise<never> => Promise.reject(new NexwaveError('STORE.UNAVAILABLE', 'connect ECONNREFUSED'));
    const store = { loadPairs: down, upsertPairs: down } as unknown as PairStore;
    const rest = { getInfo: async () => [market('BTC'), market('ETH'), market('SCAMCOIN'), market('NEWLIST')] } as unknown as MarketRest;
    const logger = new RecordingLogger();
    const pairs = await loadPairs({ store, rest, logger, clock: new FakeClock(), onRecovered: () => undefined, stopped: () => true, random: () => 0.5 });
    expect(pairs.map((p) => [p.symbol, p.isActive, p.category])).toEqual([
      ['BTC', true, 'major'],
      ['ETH', true, 'major'],
    ]);
    expect(logger.events.find((e) => e.event === 'pairs.unreviewed_skipped')?.fields).toMatchObject({ count: 2, sample: ['SCAMCOIN', 'NEWLIST'] });
  });
});
