/**
 * Order book generation: 24 levels a side on a fixed price grid around the mid, plus whale
 * walls (one level far above the pair's whale threshold) and ladders (3-6 consecutive levels
 * of similar size) that appear, persist at a fixed price and vanish or get eaten by the price.
 * Ordinary levels stay well below the threshold so the detector sees walls only where placed.
 */
import type { BookSide } from '../../engine/core/types.js';
import type { MarketSpec } from './markets.js';
import type { Touch } from './model.js';
import { between, hashSeed, mulberry32, normal, type Rng } from './prng.js';

/** Levels per side in a snapshot (the venue shows deep books; the detector needs 20+). */
export const BOOK_LEVELS = 24;
const MAX_WALLS = 3;

/** A whale wall: `usd` per level, starting at `priceTicks` and stepping away from the mid. */
export interface Wall {
  readonly side: BookSide;
  readonly kind: 'single' | 'ladder';
  readonly priceTicks: number;
  readonly usd: readonly number[];
  readonly until: number;
}

/** One book level in grid units. */
export interface GridLevel {
  readonly priceTicks: number;
  readonly lots: number;
  readonly orders: number;
}

/** Both sides, best first. */
export interface GridBook {
  readonly bids: readonly GridLevel[];
  readonly asks: readonly GridLevel[];
}

/** Grid spacing in ticks: about half a basis point of the starting price. */
export function spacingOf(spec: MarketSpec): number {
  return Math.max(1, Math.round((spec.startPrice / spec.tickSize) * 0.00005));
}

/** Best bid and ask on the grid, strictly either side of the mid. */
export function touchOf(mid: number, spacing: number): Touch {
  return { bid: Math.max(spacing, Math.floor((mid - 1) / spacing) * spacing), ask: Math.ceil((mid + 1) / spacing) * spacing };
}

function spawnWall(rng: Rng, spec: MarketSpec, touch: Touch, spacing: number, now: number): Wall {
  const side: BookSide = rng() < 0.5 ? 'bid' : 'ask';
  const away = Math.floor(between(rng, 2, 16)) * spacing;
  const priceTicks = side === 'bid' ? Math.max(spacing, touch.bid - away) : touch.ask + away;
  const until = now + between(rng, 30_000, 300_000);
  const thr = spec.whaleThresholdUsd;
  if (rng() < 0.5) return { side, kind: 'single', priceTicks, usd: [thr * between(rng, 1.5, 5)], until };
  const count = 3 + Math.floor(rng() * 4);
  const each = (thr / count) * between(rng, 1.2, 2);
  const usd = Array.from({ length: count }, () => each * between(rng, 0.92, 1.08));
  return { side, kind: 'ladder', priceTicks, usd, until };
}

/**
 * Age walls over one step: drop expired ones and ones the price has run through (a bid wall
 * above the best bid was eaten), then maybe spawn one (about one every 90 s of sim time).
 */
export function evolveWalls(walls: readonly Wall[], rng: Rng, spec: MarketSpec, touch: Touch, spacing: number, now: number, dtMs: number): Wall[] {
  const kept = walls.filter((w) => w.until > now && (w.side === 'bid' ? w.priceTicks <= touch.bid : w.priceTicks >= touch.ask));
  if (kept.length < MAX_WALLS && rng() < dtMs / 90_000) kept.push(spawnWall(rng, spec, touch, spacing, now));
  return kept;
}

function wallLots(walls: readonly Wall[], side: BookSide, priceTicks: number, spacing: number, spec: MarketSpec): number {
  let usd = 0;
  for (const w of walls) {
    if (w.side !== side) continue;
    const index = side === 'bid' ? (w.priceTicks - priceTicks) / spacing : (priceTicks - w.priceTicks) / spacing;
    usd += w.usd[index] ?? 0;
  }
  return usd === 0 ? 0 : Math.round(usd / (priceTicks * spec.tickSize) / spec.lotSize);
}

/** Build one snapshot; the ordinary depth is a pure function of (seed, symbol, step). */
export function buildGridBook(spec: MarketSpec, seed: number, step: number, mid: number, spacing: number, walls: readonly Wall[]): GridBook {
  const rng = mulberry32(hashSeed(seed, spec.symbol, 'book', step));
  const touch = touchOf(mid, spacing);
  const base = spec.whaleThresholdUsd * 0.04;
  const side = (s: BookSide): GridLevel[] => {
    const levels: GridLevel[] = [];
    for (let i = 0; i < BOOK_LEVELS; i++) {
      const priceTicks = s === 'bid' ? touch.bid - i * spacing : touch.ask + i * spacing;
      if (priceTicks <= 0) break;
      const usd = base * Math.exp(0.4 * normal(rng)) * (1 + i * 0.05);
      const lots = Math.max(1, Math.round(usd / (priceTicks * spec.tickSize) / spec.lotSize)) + wallLots(walls, s, priceTicks, spacing, spec);
      levels.push({ priceTicks, lots, orders: 1 + Math.floor(rng() * 8) });
    }
    return levels;
  };
  return { bids: side('bid'), asks: side('ask') };
}

/** Aggregate levels into buckets of `aggLevel` ticks (venue agg_level; bids floor, asks ceil). */
export function aggregateBook(book: GridBook, aggLevel: number): GridBook {
  if (aggLevel <= 1) return book;
  const merge = (levels: readonly GridLevel[], round: (x: number) => number): GridLevel[] => {
    const out: GridLevel[] = [];
    for (const l of levels) {
      const priceTicks = round(l.priceTicks / aggLevel) * aggLevel;
      const last = out[out.length - 1];
      if (last && last.priceTicks === priceTicks) out[out.length - 1] = { priceTicks, lots: last.lots + l.lots, orders: last.orders + l.orders };
      else out.push({ ...l, priceTicks });
    }
    return out;
  };
  return { bids: merge(book.bids, Math.floor), asks: merge(book.asks, Math.ceil) };
}
