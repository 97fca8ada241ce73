/**
 * Turns parsed frames from every connection into feed events: counts every frame, counts
 * malformed ones by kind (logging the first of each kind with a short sample), drops trades
 * already seen on another connection, and keeps only newer books and prices.
 *
 * Only subscribed symbols get through: a flood of trades for symbols we never asked for
 * (77k distinct ones in 20 s) is dropped here and counted, before any per-symbol state
 * (the duplicate filter, newest book/price) could grow with it. The prices channel lists
 * every market of the venue, so prices for the others are dropped without counting.
 */
import type { Logger } from '../../engine/ports/logger.js';
import type { MarketEvent } from '../../engine/ports/market-feed.js';
import type { PriceUpdate } from '../../engine/core/types.js';
import type { Frame } from './dispatch.js';
import { createRecentIds } from './recent-ids.js';

export interface FrameRouter {
  route(frame: Frame): void;
  counters(): { messages: number; malformed: Record<string, number>; unsubscribed: number };
}

export function createFrameRouter(o: { logger: Logger; emit: (e: MarketEvent) => void; subscribed: ReadonlySet<string> }): FrameRouter {
  let messages = 0;
  let unsubscribed = 0;
  const malformed: Record<string, number> = {};
  const recent = createRecentIds();
  const lastBook = new Map<string, number>();
  const lastPrice = new Map<string, number>();

  const countMalformed = (kind: string, n: number, sample: string): void => {
    const before = malformed[kind] ?? 0;
    malformed[kind] = before + n;
    if (before === 0) o.logger.warn('feed.malformed', { kind, sample });
    o.emit({ type: 'feed.malformed', kind, sample });
  };

  /** Strictly newer per symbol; an equal or older snapshot is the other connection's copy. */
  const newer = (seen: Map<string, number>, symbol: string, time: number): boolean => {
    if ((seen.get(symbol) ?? -1) >= time) return false;
    seen.set(symbol, time);
    return true;
  };

  /** Trades and books for symbols we did not subscribe to: counted, logged once, dropped. */
  const subscribedOnly = <T extends { symbol: string }>(items: readonly T[]): T[] => {
    const kept = items.filter((t) => o.subscribed.has(t.symbol));
    const dropped = items.length - kept.length;
    if (dropped > 0 && unsubscribed === 0) o.logger.warn('feed.unsubscribed_symbol', { sample: items.find((t) => !o.subscribed.has(t.symbol))?.symbol.slice(0, 40) });
    unsubscribed += dropped;
    return kept;
  };

  const route = (frame: Frame): void => {
    messages += 1;
    switch (frame.kind) {
      case 'trades': {
        if (frame.invalid > 0) countMalformed('trades', frame.invalid, frame.sample ?? '');
        const fresh = subscribedOnly(frame.ticks).filter((t) => recent.admit(t.symbol, t.tradeId));
        if (fresh.length > 0) o.emit({ type: 'trades.received', trades: fresh });
        return;
      }
      case 'book':
        if (subscribedOnly([frame.book]).length === 0) return;
        if (newer(lastBook, frame.book.symbol, frame.book.time)) o.emit({ type: 'book.received', book: frame.book });
        return;
      case 'prices': {
        if (frame.invalid > 0) countMalformed('prices', frame.invalid, frame.sample ?? '');
        const fresh: PriceUpdate[] = frame.prices.filter((p) => o.subscribed.has(p.symbol) && newer(lastPrice, p.symbol, p.time));
        if (fresh.length > 0) o.emit({ type: 'prices.received', prices: fresh });
        return;
      }
      case 'malformed':
        countMalformed(frame.reason, 1, frame.sample);
        return;
      case 'ack':
      case 'pong':
        return;
      default:
        // Account frames: market connections never subscribe to them (account-stream.ts does).
        return;
    }
  };
  return { route, counters: () => ({ messages, malformed: { ...malformed }, unsubscribed }) };
}
