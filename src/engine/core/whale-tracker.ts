/**
 * Whale persistence: one record per wall while it persists, not four a
 * second. Pure state machine: (state, event) -> { state, intents }; state is immutable.
 *
 * - A wall seen again (same symbol, side, type, price band overlapping within
 *   priceTolerance) keeps its key and detectedAt; lastSeenAt, size, value, band and
 *   confidence follow the latest snapshot.
 * - `whale.updated` is emitted only when the size moved by more than sizeChangeRatio
 *   since the last emission, or updateIntervalMs passed, so the store sees few writes.
 * - A wall missing for more than endGraceMs is closed with `whale.ended` (carrying its
 *   final state). Book flicker shorter than that does not split a wall in two.
 * - A single trade with notional >= threshold is a one-off `single` whale on the
 *   taker's own side (a taker buy -> 'bid'): the whale is the aggressor, and `bid`
 *   means buying interest. Its key is the trade id, so a replayed trade upserts the
 *   same record.
 */
import type { BookSide, BookSnapshot, Pair, Tick, WhaleActivity } from './types.js';
import { assertFinite, assertPositive } from './guards.js';
import { bookMid, detectWalls, whaleConfidence, type WallCandidate } from './whales.js';

export interface WhaleTrackerOptions {
  /** Relative widening of price bands when matching walls across snapshots. */
  readonly priceTolerance: number;
  readonly endGraceMs: number;
  readonly updateIntervalMs: number;
  readonly sizeChangeRatio: number;
}

export const DEFAULT_WHALE_OPTIONS: WhaleTrackerOptions = {
  priceTolerance: 0.002,
  endGraceMs: 5_000,
  updateIntervalMs: 30_000,
  sizeChangeRatio: 0.05,
};

interface TrackedWall {
  readonly whale: WhaleActivity;
  readonly emittedAt: number;
  readonly emittedVolume: number;
}

export interface WhaleState {
  readonly options: WhaleTrackerOptions;
  /** Live walls per symbol. */
  readonly walls: ReadonlyMap<string, readonly TrackedWall[]>;
}

export type WhaleEvent =
  | { readonly type: 'book'; readonly book: BookSnapshot; readonly pair: Pair; readonly now: number }
  | { readonly type: 'trade'; readonly tick: Tick; readonly pair: Pair; readonly mid?: number }
  | { readonly type: 'clock'; readonly now: number };

export type WhaleIntent =
  | { readonly type: 'whale.detected'; readonly whale: WhaleActivity }
  | { readonly type: 'whale.updated'; readonly whale: WhaleActivity }
  | { readonly type: 'whale.ended'; readonly whale: WhaleActivity };

export function createWhaleState(options: Partial<WhaleTrackerOptions> = {}): WhaleState {
  return { options: { ...DEFAULT_WHALE_OPTIONS, ...options }, walls: new Map() };
}

/** Live walls, for the UI. */
export const activeWhales = (s: WhaleState): WhaleActivity[] => [...s.walls.values()].flat().map((w) => w.whale);

export function reduceWhales(state: WhaleState, event: WhaleEvent): { state: WhaleState; intents: WhaleIntent[] } {
  if (event.type === 'trade') return { state, intents: tradeWhale(event.tick, event.pair, event.mid) };
  assertFinite(event.now, 'now');
  if (event.type === 'clock') return expireAll(state, event.now);
  return onBook(state, event.book, event.pair, event.now);
}

function onBook(state: WhaleState, book: BookSnapshot, pair: Pair, now: number): { state: WhaleState; intents: WhaleIntent[] } {
  const o = state.options;
  const candidates = detectWalls(book, pair.whaleThresholdUsd);
  const old = state.walls.get(book.symbol) ?? [];
  const matched = new Set<number>();
  const next: TrackedWall[] = [];
  const intents: WhaleIntent[] = [];
  candidates.forEach((c, n) => {
    const i = old.findIndex((w, k) => !matched.has(k) && sameWall(w.whale, c, o.priceTolerance));
    const prev = old[i];
    if (prev === undefined) {
      const whale = newWhale(book, c, now, n);
      next.push({ whale, emittedAt: now, emittedVolume: whale.totalVolume });
      intents.push({ type: 'whale.detected', whale });
      return;
    }
    matched.add(i);
    const whale: WhaleActivity = { ...prev.whale, ...c, lastSeenAt: now };
    const moved = Math.abs(whale.totalVolume - prev.emittedVolume) > o.sizeChangeRatio * prev.emittedVolume;
    if (moved || now - prev.emittedAt >= o.updateIntervalMs) {
      next.push({ whale, emittedAt: now, emittedVolume: whale.totalVolume });
      intents.push({ type: 'whale.updated', whale });
    } else next.push({ ...prev, whale });
  });
  old.forEach((w, k) => {
    if (matched.has(k)) return;
    if (now - w.whale.lastSeenAt > o.endGraceMs) intents.push({ type: 'whale.ended', whale: w.whale });
    else next.push(w);
  });
  const walls = new Map(state.walls);
  if (next.length > 0) walls.set(book.symbol, next);
  else walls.delete(book.symbol);
  return { state: { ...state, walls }, intents };
}

function sameWall(w: WhaleActivity, c: WallCandidate, tol: number): boolean {
  return (
    w.direction === c.direction &&
    w.whaleType === c.whaleType &&
    c.priceLow <= w.priceHigh * (1 + tol) &&
    c.priceHigh >= w.priceLow * (1 - tol)
  );
}

function newWhale(book: BookSnapshot, c: WallCandidate, now: number, n: number): WhaleActivity {
  return {
    ...c,
    key: `${book.symbol}:${c.direction}:${c.whaleType}:${now}:${n}`,
    symbol: book.symbol,
    detectedAt: now,
    lastSeenAt: now,
    midAtDetection: bookMid(book) ?? c.priceLow,
    marketImpactBps: null,
  };
}

function expireAll(state: WhaleState, now: number): { state: WhaleState; intents: WhaleIntent[] } {
  const intents: WhaleIntent[] = [];
  const walls = new Map<string, readonly TrackedWall[]>();
  for (const [symbol, list] of state.walls) {
    const keep = list.filter((w) => now - w.whale.lastSeenAt <= state.options.endGraceMs);
    for (const w of list) if (!keep.includes(w)) intents.push({ type: 'whale.ended', whale: w.whale });
    if (keep.length > 0) walls.set(symbol, keep);
  }
  return { state: intents.length === 0 ? state : { ...state, walls }, intents };
}

function tradeWhale(tick: Tick, pair: Pair, mid: number | undefined): WhaleIntent[] {
  assertPositive(tick.price, 'tick.price');
  assertFinite(tick.volume, 'tick.volume');
  const value = tick.price * tick.volume;
  if (value < pair.whaleThresholdUsd) return [];
  const direction: BookSide = tick.side === 'buy' ? 'bid' : 'ask';
  const whale: WhaleActivity = {
    key: `${tick.symbol}:trade:${tick.tradeId}`,
    symbol: tick.symbol,
    detectedAt: tick.time,
    lastSeenAt: tick.time,
    whaleType: 'single',
    direction,
    priceLow: tick.price,
    priceHigh: tick.price,
    totalVolume: tick.volume,
    totalValueUsd: value,
    orderCount: 1,
    confidence: whaleConfidence(value, pair.whaleThresholdUsd, 0, 0.5),
    midAtDetection: mid ?? tick.price,
    marketImpactBps: null,
  };
  return [{ type: 'whale.detected', whale }];
}
