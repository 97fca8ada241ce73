import { describe, expect, it } from 'vitest';
import { loadPairs, type LoadPairsDeps } from '../../../src/engine/app/engine-pairs.js';
import type { Pair } from '../../../src/engine/core/types.js';
import type { MarketInfo, MarketRest } from '../../../src/engine/ports/market-rest.js';
import type { PairStore } from '../../../src/engine/ports/store.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { RecordingLogger } from './batch-writer-fakes.js';

const btc: MarketInfo = { symbol: 'BTC', tickSize: 0.1, lotSize: 0.001, maxLeverage: 50, minOrderSize: 10, maxOrderSize: 5_000_000, isolatedOnly: false };
const stored: Pair = { symbol: 'BTC', category: 'major', maxLeverage: 50, minOrderSize: 10, tickSize: 0.1, lotSize: 0.001, whaleThresholdUsd: 25_000, isActive: true, displayName: 'Bitcoin' };

interface World {
  storeUp: boolean;
  venueUp: boolean;
  readonly store: PairStore;
  readonly rest: MarketRest;
}

/** A store and a venue that are down until told otherwise. */
function world(): World {
  const w = {
    storeUp: false,
    venueUp: false,
    store: {
      loadPairs: async () => {
        if (!w.storeUp) throw new Error('database down');
        return [stored];
      },
      upsertPairs: async () => {},
    },
    rest: {
      getInfo: async () => {
        if (!w.venueUp) throw new Error('venue down');
        return [btc];
      },
    } as unknown as MarketRest,
  };
  return w;
}

function deps(w: World, clock: FakeClock, logger: RecordingLogger, over: Partial<LoadPairsDeps> = {}): LoadPairsDeps {
  return { store: w.store, rest: w.rest, logger, clock, onRecovered: () => {}, stopped: () => false, random: () => 0, ...over };
}

describe('loadPairs', () => {
  it('starts from the venue list while the database is down and hands over the stored pairs once it answers', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const w = world();
    w.venueUp = true;
    const recovered: (readonly Pair[])[] = [];
    const pairs = await loadPairs(deps(w, clock, logger, { onRecovered: (p) => void recovered.push(p) }));
    expect(pairs).toEqual([expect.objectContaining({ symbol: 'BTC', isActive: true, category: 'major' })]);
    await clock.advance(250);
    expect(recovered).toEqual([]);
    w.storeUp = true;
    await clock.advance(500);
    expect(recovered).toEqual([[stored]]);
    expect(logger.has('pairs.store_recovered')).toBe(true);
    // Background retries on the injected clock and jitter: 250 ms, then 500 ms.
    expect(clock.delays.filter((d) => d !== 10_000)).toEqual([250, 500]);
  });

  it('retries with backoff until the venue answers', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const w = world();
    const out = loadPairs(deps(w, clock, logger));
    await clock.advance(250);
    w.venueUp = true;
    await clock.advance(500);
    expect(await out).toHaveLength(1);
    expect(logger.events.filter((e) => e.event === 'pairs.unavailable').map((e) => e.fields?.attempt)).toEqual([0, 1]);
  });

  it('gives up with no pairs once stopped, and no timer is left behind', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    let stopped = false;
    const out = loadPairs(deps(world(), clock, logger, { stopped: () => stopped }));
    await clock.advance(0);
    stopped = true;
    await clock.advance(1_000);
    expect(await out).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});

describe('loadPairs with the database down at start: only reviewed markets', () => {
  const market = (symbol: string): MarketInfo => ({ ...btc, symbol });
  it('turns on only the seed markets that /info lists, never an unknown one', async () => {
    const down = (): Promise<never> => Promise.reject(new Error('database down'));
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
