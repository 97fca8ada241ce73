/**
 * The simulator's ledger: every trade it emitted, in history-id order, so tests and the
 * end-to-end check can compare what the collector stored against what the venue sent.
 */
import type { Side, TradeCause, VenueTradeSide } from '../../engine/core/types.js';

/** One emitted taker trade. `price` and `amount` are the exact strings that were sent. */
export interface LedgerTrade {
  readonly symbol: string;
  /** Venue history id (`h`), increasing across the venue. */
  readonly h: number;
  readonly time: number;
  readonly price: string;
  readonly amount: string;
  /** Taker side (open_long / close_short are buys). */
  readonly side: Side;
  readonly d: VenueTradeSide;
  readonly cause: TradeCause;
  /** Last order id at emission. */
  readonly li: number;
}

/** Read access to the ledger. */
export interface Ledger {
  count(symbol?: string): number;
  bySymbol(symbol: string): readonly LedgerTrade[];
  all(): readonly LedgerTrade[];
}

/** Ledger plus the engine's append. */
export interface MutableLedger extends Ledger {
  append(trade: LedgerTrade): void;
}

/** An empty in-memory ledger. */
export function createLedger(): MutableLedger {
  const everything: LedgerTrade[] = [];
  const bySymbol = new Map<string, LedgerTrade[]>();
  return {
    append(trade) {
      everything.push(trade);
      const list = bySymbol.get(trade.symbol);
      if (list) list.push(trade);
      else bySymbol.set(trade.symbol, [trade]);
    },
    count: (symbol) => (symbol === undefined ? everything.length : (bySymbol.get(symbol)?.length ?? 0)),
    bySymbol: (symbol) => bySymbol.get(symbol) ?? [],
    all: () => everything,
  };
}
