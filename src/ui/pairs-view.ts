/** Which pairs the pairs panel shows (filter) and its rows (category headers, then pairs). */
import type { PairState } from '../engine/core/spine/engine-state.js';
import type { Category } from '../engine/core/types.js';

export function visiblePairs(pairs: readonly PairState[], filter: string): readonly PairState[] {
  if (filter === '') return pairs;
  const f = filter.toUpperCase();
  return pairs.filter((p) => p.symbol.toUpperCase().includes(f));
}

export type PairRow = { readonly kind: 'category'; readonly category: Category; readonly count: number } | { readonly kind: 'pair'; readonly pair: PairState };

/** Pairs arrive in category order (EngineState.pairs); a header row starts each category. */
export function pairRows(pairs: readonly PairState[]): PairRow[] {
  const rows: PairRow[] = [];
  let current: Category | null = null;
  for (const p of pairs) {
    if (p.category !== current) {
      current = p.category;
      rows.push({ kind: 'category', category: p.category, count: pairs.filter((q) => q.category === p.category).length });
    }
    rows.push({ kind: 'pair', pair: p });
  }
  return rows;
}
