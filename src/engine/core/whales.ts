/**
 * Whale wall detection from one book snapshot (pacifica-api.md §4.7).
 *
 * - single: one level with notional >= the pair's whaleThresholdUsd AND > 1 % of the
 *   visible notional depth on its side (both must hold: a $25k level in a $10M book is
 *   not a wall).
 * - ladder: 3+ consecutive levels on one side whose amounts are each within ±20 % of
 *   the run's median amount (the source says "similar"; 20 % is the loosest value it
 *   suggests, so ladders that refill unevenly are still seen), with a summed notional
 *   >= threshold. Runs are maximal and found greedily from the best price outward.
 *
 * confidence = clamp(0.60 + 0.15·min(1, log2(value/threshold)/3)
 *                         + 0.10·min(1, bookShare/0.25)
 *                         + 0.10·regularity, 0.60, 0.95)
 * value/threshold counts up to 8× (3 doublings); bookShare = value / side depth, full
 * marks at 25 % of the side; regularity = 1 − coefficient of variation of the ladder's
 * amounts (clamped 0..1), and 0.5 for a single level, which has no shape to judge.
 */
import type { BookLevel, BookSide, BookSnapshot, WhaleActivity, WhaleType } from './types.js';
import { assertFinite, assertNonNegative, assertPositive } from './guards.js';

/** Similarity tolerance of ladder levels around their median amount. */
export const LADDER_TOLERANCE = 0.2;
export const LADDER_MIN_LEVELS = 3;
/** A single level must exceed this share of its side's notional depth. */
export const SINGLE_MIN_SHARE = 0.01;

/** One wall seen in one snapshot: the measured part of a WhaleActivity. */
export type WallCandidate = Pick<
  WhaleActivity,
  'whaleType' | 'direction' | 'priceLow' | 'priceHigh' | 'totalVolume' | 'totalValueUsd' | 'orderCount' | 'confidence'
>;

/** See the file comment for the formula. */
export function whaleConfidence(value: number, threshold: number, bookShare: number, regularity: number): number {
  const size = Math.min(1, Math.max(0, Math.log2(value / threshold) / 3));
  const share = Math.min(1, Math.max(0, bookShare / 0.25));
  const reg = Math.min(1, Math.max(0, regularity));
  return Math.min(0.95, Math.max(0.6, 0.6 + 0.15 * size + 0.1 * share + 0.1 * reg));
}

/**
 * Signed market impact in basis points since detection: positive when the mid moved
 * the way the wall leans (up for a bid wall, down for an ask wall).
 */
export function impactBps(midAtDetection: number, midNow: number, direction: BookSide): number {
  assertPositive(midAtDetection, 'midAtDetection');
  assertPositive(midNow, 'midNow');
  const bps = ((midNow - midAtDetection) / midAtDetection) * 10_000;
  return direction === 'bid' ? bps : -bps;
}

/** Mid of the best bid and ask, or the one side present, or null for an empty book. */
export function bookMid(book: BookSnapshot): number | null {
  const bid = book.bids[0]?.price;
  const ask = book.asks[0]?.price;
  if (bid !== undefined && ask !== undefined) return (bid + ask) / 2;
  return bid ?? ask ?? null;
}

/** All walls in a snapshot for a pair whose threshold is `threshold` USD. */
export function detectWalls(book: BookSnapshot, threshold: number): WallCandidate[] {
  assertPositive(threshold, 'whaleThresholdUsd');
  return [...sideWalls(book.bids, 'bid', threshold), ...sideWalls(book.asks, 'ask', threshold)];
}

function sideWalls(levels: readonly BookLevel[], direction: BookSide, threshold: number): WallCandidate[] {
  for (const l of levels) {
    assertPositive(l.price, 'level.price');
    assertNonNegative(l.amount, 'level.amount');
    assertFinite(l.orders, 'level.orders');
  }
  const depth = levels.reduce((s, l) => s + l.price * l.amount, 0);
  if (depth === 0) return [];
  const walls: WallCandidate[] = [];
  for (const l of levels) {
    const value = l.price * l.amount;
    if (value >= threshold && value > SINGLE_MIN_SHARE * depth) {
      walls.push(candidate('single', direction, [l], threshold, depth, 0.5));
    }
  }
  return [...walls, ...ladders(levels, direction, threshold, depth)];
}

function ladders(levels: readonly BookLevel[], direction: BookSide, threshold: number, depth: number): WallCandidate[] {
  const out: WallCandidate[] = [];
  let i = 0;
  while (i <= levels.length - LADDER_MIN_LEVELS) {
    let j = i + 1;
    while (j < levels.length && similar(levels.slice(i, j + 1))) j++;
    const run = levels.slice(i, j);
    const value = run.reduce((s, l) => s + l.price * l.amount, 0);
    if (run.length >= LADDER_MIN_LEVELS && value >= threshold) {
      out.push(candidate('ladder', direction, run, threshold, depth, 1 - coefficientOfVariation(run.map((l) => l.amount))));
      i = j;
    } else i++;
  }
  return out;
}

function similar(run: readonly BookLevel[]): boolean {
  const amounts = run.map((l) => l.amount).sort((a, b) => a - b);
  const mid = amounts.length / 2;
  const median = amounts.length % 2 === 1 ? (amounts[Math.floor(mid)] ?? 0) : ((amounts[mid - 1] ?? 0) + (amounts[mid] ?? 0)) / 2;
  return median > 0 && amounts.every((a) => Math.abs(a - median) <= LADDER_TOLERANCE * median);
}

function coefficientOfVariation(xs: readonly number[]): number {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  if (mean === 0) return 1;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return Math.sqrt(variance) / mean;
}

function candidate(
  whaleType: WhaleType,
  direction: BookSide,
  run: readonly BookLevel[],
  threshold: number,
  depth: number,
  regularity: number,
): WallCandidate {
  const value = run.reduce((s, l) => s + l.price * l.amount, 0);
  const prices = run.map((l) => l.price);
  return {
    whaleType,
    direction,
    priceLow: Math.min(...prices),
    priceHigh: Math.max(...prices),
    totalVolume: run.reduce((s, l) => s + l.amount, 0),
    totalValueUsd: value,
    orderCount: run.reduce((s, l) => s + l.orders, 0),
    confidence: whaleConfidence(value, threshold, value / depth, regularity),
  };
}
