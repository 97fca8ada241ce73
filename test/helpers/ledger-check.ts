/**
 * The data-loss check shared by the kill-restart and soak tests: the simulator's ledger is
 * the truth. Every ledger trade is stored exactly once, except a trade inside a gap the
 * engine recorded for its symbol (a hole it said it could not fill), which may be missing;
 * nothing is stored twice and nothing is stored that the simulator never sent.
 */
import type { Gap, Tick } from '../../src/engine/core/types.js';
import type { LedgerTrade } from '../../src/data/simulator/index.js';

export interface LedgerComparison {
  /** Ledger trades not stored, each inside a recorded gap of its symbol (allowed). */
  readonly missingInsideGaps: number;
  /** Ledger trades not stored and not inside any recorded gap: real losses. */
  readonly lost: readonly string[];
  /** Stored ticks left over after matching the ledger: duplicates or trades never sent. */
  readonly extra: readonly string[];
}

const key = (symbol: string, time: number, price: number, amount: number, side: string): string => `${symbol}|${time}|${price}|${amount}|${side}`;

export function compareWithLedger(ledger: readonly LedgerTrade[], stored: readonly Tick[], gaps: readonly Gap[]): LedgerComparison {
  const left = new Map<string, number>();
  for (const t of stored) {
    const k = key(t.symbol, t.time, t.price, t.volume, t.side);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  let missingInsideGaps = 0;
  const lost: string[] = [];
  for (const t of ledger) {
    const k = key(t.symbol, t.time, Number(t.price), Number(t.amount), t.side);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else if (gaps.some((g) => g.symbol === t.symbol && g.from <= t.time && t.time <= g.to)) missingInsideGaps++;
    else lost.push(k);
  }
  const extra = [...left].filter(([, n]) => n > 0).map(([k, n]) => `${k} x${n}`);
  return { missingInsideGaps, lost, extra };
}
