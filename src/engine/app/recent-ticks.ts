import type { Tick } from '../core/types.js';

/**
 * The last N live ticks per symbol, kept so gap repair can match REST trades
 * against ticks that are received but perhaps not yet committed by the writer.
 */
export class RecentTicks {
  private readonly bySymbol = new Map<string, Tick[]>();

  constructor(private readonly perSymbol = 2_000) {}

  add(ticks: readonly Tick[]): void {
    for (const t of ticks) {
      let list = this.bySymbol.get(t.symbol);
      if (!list) this.bySymbol.set(t.symbol, (list = []));
      list.push(t);
      if (list.length > this.perSymbol * 1.5) list.splice(0, list.length - this.perSymbol);
    }
  }

  /** Exchange time of the latest live tick of `symbol` received at or before `wallTime` (repaired ticks carry no receivedAt and do not count). */
  lastReceivedBefore(symbol: string, wallTime: number): number | null {
    let best: number | null = null;
    for (const t of this.bySymbol.get(symbol) ?? []) {
      if (t.receivedAt !== undefined && t.receivedAt <= wallTime && (best === null || t.time > best)) best = t.time;
    }
    return best;
  }

  get(symbol: string): readonly Tick[] {
    return this.bySymbol.get(symbol) ?? [];
  }
}
