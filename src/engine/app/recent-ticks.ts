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

  get(symbol: string): readonly Tick[] {
    return this.bySymbol.get(symbol) ?? [];
  }
}
