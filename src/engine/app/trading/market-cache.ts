/**
 * The latest book, mark, funding rate and trade per symbol, from the market feed: what
 * the paper broker fills against and what positions are marked at.
 */
import type { BookSnapshot, Tick } from '../../core/types.js';
import type { MarketFeed } from '../../ports/market-feed.js';

export interface MarketCache {
  book(symbol: string): BookSnapshot | undefined;
  /** Mark price, else the last trade price. */
  mark(symbol: string): number | undefined;
  funding(symbol: string): number | undefined;
  onTrade(listener: (t: Tick) => void): () => void;
  stop(): void;
}

export function createMarketCache(feed: MarketFeed): MarketCache {
  const books = new Map<string, BookSnapshot>();
  const marks = new Map<string, number>();
  const last = new Map<string, number>();
  const rates = new Map<string, number>();
  const listeners = new Set<(t: Tick) => void>();
  const off = feed.onEvent((e) => {
    if (e.type === 'book.received') books.set(e.book.symbol, e.book);
    else if (e.type === 'prices.received') {
      for (const p of e.prices) {
        marks.set(p.symbol, p.mark);
        rates.set(p.symbol, p.funding);
      }
    } else if (e.type === 'trades.received') {
      for (const t of e.trades) {
        last.set(t.symbol, t.price);
        for (const l of listeners) l(t);
      }
    }
  });
  return {
    book: (s) => books.get(s),
    mark: (s) => marks.get(s) ?? last.get(s),
    funding: (s) => rates.get(s),
    onTrade(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    stop: off,
  };
}
