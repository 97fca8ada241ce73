/**
 * Bounded "seen recently" set of trade ids per symbol. While a rotating connection and its
 * replacement are both live, the same trade arrives twice; this keeps it to one emit.
 * Old ids fall out first-in first-out, so memory stays flat on a feed that runs for weeks.
 */
export interface RecentIds {
  /** True when (symbol, id) is new; it is then remembered. */
  admit(symbol: string, id: number): boolean;
}

export function createRecentIds(perSymbol = 2048): RecentIds {
  const bySymbol = new Map<string, { set: Set<number>; order: number[]; head: number }>();
  return {
    admit(symbol, id) {
      let entry = bySymbol.get(symbol);
      if (!entry) {
        entry = { set: new Set(), order: new Array<number>(perSymbol), head: 0 };
        bySymbol.set(symbol, entry);
      }
      if (entry.set.has(id)) return false;
      // Ring buffer: overwrite (and forget) the oldest id once the ring is full.
      const slot = entry.head % perSymbol;
      if (entry.head >= perSymbol) entry.set.delete(entry.order[slot] as number);
      entry.order[slot] = id;
      entry.head += 1;
      entry.set.add(id);
      return true;
    },
  };
}
