/**
 * Pairs metadata sync at start: tick, lot, max leverage and
 * minimum order size come from the venue's `/info` (never hard-coded maps: the
 * old system's differed from the venue, pacifica-api.md §3.4). Our own columns
 * (category, whale threshold, active flag) are kept. A symbol the venue lists
 * and we do not know arrives inactive, as small-cap, for an operator to review.
 */
import { marketProblem } from '../core/pair-limits.js';
import type { Pair } from '../core/types.js';
import type { Logger } from '../ports/logger.js';
import type { MarketInfo, MarketRest } from '../ports/market-rest.js';
import type { PairStore } from '../ports/store.js';
import { writeIsolating } from './write-isolating.js';
import { errorMessage } from '../core/error-message.js';

/**
 * Markets a `pairs` row can hold (core/pair-limits.ts); the others are dropped with a warning.
 * The REST parser checks the same limits; this guards any other MarketRest.
 */
export function validMarkets(info: readonly MarketInfo[], logger: Logger): MarketInfo[] {
  return info.filter((m) => {
    const problem = marketProblem(m);
    if (problem !== null) logger.warn('pairs.info_rejected', { symbol: String(m.symbol).slice(0, 40), problem });
    return problem === null;
  });
}

/** Pure merge of stored pairs with venue metadata. */
export function mergePairs(stored: readonly Pair[], info: readonly MarketInfo[]): { pairs: Pair[]; added: string[]; updated: string[] } {
  const bySymbol = new Map(stored.map((p) => [p.symbol, p]));
  const added: string[] = [];
  const updated: string[] = [];
  const pairs = info.map((m): Pair => {
    const known = bySymbol.get(m.symbol);
    if (!known) {
      added.push(m.symbol);
      return { symbol: m.symbol, category: 'small-cap', maxLeverage: m.maxLeverage, minOrderSize: m.minOrderSize, tickSize: m.tickSize, lotSize: m.lotSize, whaleThresholdUsd: 2_500, isActive: false, displayName: m.symbol };
    }
    const next = { ...known, maxLeverage: m.maxLeverage, minOrderSize: m.minOrderSize, tickSize: m.tickSize, lotSize: m.lotSize };
    if (next.maxLeverage !== known.maxLeverage || next.minOrderSize !== known.minOrderSize || next.tickSize !== known.tickSize || next.lotSize !== known.lotSize) updated.push(m.symbol);
    return next;
  });
  return { pairs, added, updated };
}

/**
 * Fetch `/info`, merge, persist; returns the pairs now stored. Keeps stored pairs when the
 * venue is unreachable. A row the database still rejects is left out with a warning (the
 * other pairs are stored); the stored active flags are never changed by a sync.
 */
export async function syncPairs(rest: MarketRest, store: PairStore, logger: Logger, bound: <T>(what: string, p: Promise<T>) => Promise<T> = (_w, p) => p): Promise<Pair[]> {
  const stored = await store.loadPairs();
  let info: MarketInfo[];
  try {
    info = validMarkets(await bound('GET /info', rest.getInfo()), logger);
  } catch (err) {
    logger.warn('pairs.sync_failed', { error: errorMessage(err), using: 'stored pairs' });
    return stored;
  }
  const { pairs, added, updated } = mergePairs(stored, info);
  const rejected = await writeIsolating(pairs, (rows) => store.upsertPairs(rows), (p, err) => logger.warn('pairs.row_rejected', { symbol: p.symbol, error: errorMessage(err) }));
  logger.info('pairs.synced', { venue: info.length, added, updated: updated.length, rejected });
  return store.loadPairs();
}
