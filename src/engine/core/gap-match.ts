/**
 * Gap repair matching. The venue's REST `/trades` carries no
 * history id (pacifica-api.md §2.3), so recovered trades are matched against stored
 * ticks on (time, price, amount, side) as multisets, and the ones not stored get a
 * stable negative synthetic id: the same REST trade always maps to the same id, so
 * a second repair (or a retried write) can never store it twice.
 */
import type { Side, Tick, Venue } from './types.js';

/** Minimal shape of a trade recovered from REST. */
export interface RecoveredTrade {
  readonly time: number;
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly side: Side;
}

export interface RepairPlan {
  /** Ticks to store (synthetic ids), oldest first. */
  readonly missing: readonly Tick[];
  /** REST trades that matched a stored tick. */
  readonly matched: number;
  /**
   * A hole REST cannot fill: the oldest recovered trade (or the cutoff, when REST holds
   * nothing older) is newer than the last known trade, so trades in between may be lost.
   * Null when REST overlaps.
   */
  readonly hole: { readonly from: number; readonly to: number } | null;
}

const key = (t: { time: number; price: number; side: Side }, amount: number): string =>
  `${t.time}|${t.price}|${amount}|${t.side}`;

/** FNV-1a over the string, folded to a positive 52-bit integer. */
function hash52(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1 % 0x100000) * 0x100000000 + h2;
}

/** Stable synthetic id (always negative) for the n-th identical recovered trade. */
export function syntheticTradeId(symbol: string, t: RecoveredTrade, occurrence: number): number {
  return -1 - hash52(`${symbol}|${key(t, t.amount)}|${occurrence}`);
}

/**
 * Plan a repair for one symbol.
 * @param recovered REST trades (any order).
 * @param stored stored/queued ticks covering the recovered time range.
 * @param lastKnown time of the last trade known before the outage (null: none).
 * @param cutoff exclusive upper bound: trades at or after it arrive on the live feed.
 */
export function planRepair(symbol: string, recovered: readonly RecoveredTrade[], stored: readonly Tick[], lastKnown: number | null, cutoff: number, venue: Venue): RepairPlan {
  const have = new Map<string, number>();
  for (const t of stored) {
    const k = key(t, t.volume);
    have.set(k, (have.get(k) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const missing: Tick[] = [];
  let matched = 0;
  const sorted = [...recovered].filter((t) => t.time < cutoff).sort((a, b) => a.time - b.time);
  for (const t of sorted) {
    const k = key(t, t.amount);
    const occurrence = seen.get(k) ?? 0;
    seen.set(k, occurrence + 1);
    const left = have.get(k) ?? 0;
    if (left > 0) {
      have.set(k, left - 1);
      matched++;
      continue;
    }
    missing.push({ time: t.time, symbol, tradeId: syntheticTradeId(symbol, t, occurrence), price: t.price, volume: t.amount, side: t.side, venue });
  }
  // REST reaches back to its oldest trade, the live feed to the cutoff: whatever lies between
  // the last known trade and the earlier of the two is a hole. REST answering late can hold
  // nothing from before the cutoff at all; that is the widest hole, not none.
  const reach = Math.min(cutoff, ...recovered.map((t) => t.time));
  const hole = lastKnown !== null && recovered.length > 0 && reach > lastKnown ? { from: lastKnown, to: reach } : null;
  return { missing, matched, hole };
}
