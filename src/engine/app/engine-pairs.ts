/**
 * Which pairs to collect, even when the database is down at start (the
 * process keeps running, reports it, retries). Normal path: stored pairs synced with
 * the venue's `/info`. Database down: the seed's pairs that `/info` lists (core/seed-pairs.ts:
 * their categories and thresholds, the venue's sizes; any other market stays off), until the
 * database answers; then the stored pairs replace them through `onRecovered`.
 */
import { retry, retryAfter, type RetryOptions } from '../core/retry.js';
import type { Pair } from '../core/types.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MarketRest } from '../ports/market-rest.js';
import type { PairStore } from '../ports/store.js';
import { seedPairsFrom } from '../core/seed-pairs.js';
import { syncPairs, validMarkets } from './pairs-sync.js';
import { within } from './within.js';
import { errorMessage } from '../core/error-message.js';

/** How long start-up waits on the venue's /info before going on without it. */
const START_DEADLINE_MS = 10_000;

export interface LoadPairsDeps {
  readonly store: PairStore;
  readonly rest: MarketRest;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly onRecovered: (pairs: readonly Pair[]) => void;
  readonly stopped: () => boolean;
  readonly random?: () => number;
}

/** Until it works, or we stop (then no pairs). */
const untilStopped = (deps: LoadPairsDeps): RetryOptions => ({
  sleep: (ms) => deps.clock.sleep(ms), random: deps.random ?? Math.random, maxRetries: Infinity, retryDelay: () => undefined, aborted: () => deps.stopped(),
});

export async function loadPairs(deps: LoadPairsDeps): Promise<Pair[]> {
  const onFailure = (err: unknown, attempt: number): void => deps.logger.error('pairs.unavailable', { error: errorMessage(err), attempt });
  // Only a stop ends the retries.
  return retry(() => storedOrVenue(deps), { ...untilStopped(deps), onFailure }).catch(() => []);
}

async function storedOrVenue(deps: LoadPairsDeps): Promise<Pair[]> {
  try {
    return await syncPairs(deps.rest, deps.store, deps.logger, (what, p) => within(deps.clock, START_DEADLINE_MS, what, p));
  } catch (err) {
    deps.logger.warn('pairs.store_unavailable', { error: errorMessage(err), fallback: 'venue /info' });
    const info = validMarkets(await within(deps.clock, START_DEADLINE_MS, 'GET /info', deps.rest.getInfo()), deps.logger);
    // Only the seed's markets: an unreviewed one on /info is never turned on.
    const { pairs, skipped } = seedPairsFrom(info);
    if (skipped.length > 0) deps.logger.warn('pairs.unreviewed_skipped', { count: skipped.length, sample: skipped.slice(0, 5) });
    retryStoreLater(deps, err);
    return pairs;
  }
}

/** Keep trying the store in the background; hand over its pairs once it answers. */
function retryStoreLater(deps: LoadPairsDeps, failed: unknown): void {
  retryAfter(failed, () => syncPairs(deps.rest, deps.store, deps.logger), untilStopped(deps)).then(
    (pairs) => {
      deps.logger.info('pairs.store_recovered', { pairs: pairs.length });
      deps.onRecovered(pairs);
    },
    () => undefined,
  );
}
