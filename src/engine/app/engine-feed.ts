/**
 * Routes market events to the parts of the engine (the collector): every trade goes
 * to the writer first (nothing on the tick path is dropped), then to the candles, the
 * whale service and gap tracking; books and prices move the candle clock.
 */
import type { Tick } from '../core/types.js';
import type { MarketEvent } from '../ports/market-feed.js';
import type { BatchWriter } from './batch-writer-types.js';
import type { CandleService } from './candle-service.js';
import type { GapCoordinator } from './gap-coordinator.js';
import type { MarketClock } from './market-clock.js';
import type { RecentTicks } from './recent-ticks.js';
import type { WhaleService } from './whale-service.js';

export interface FeedRouterDeps {
  readonly writer: BatchWriter;
  readonly candles: CandleService;
  readonly whales: WhaleService;
  readonly gaps: GapCoordinator;
  readonly recent: RecentTicks;
  readonly market: MarketClock;
  readonly marks: Map<string, number>;
  readonly lastPrices: Map<string, number>;
}

/** Ticks from the live feed or from gap repair. */
export function ingestTicks(d: FeedRouterDeps, ticks: readonly Tick[], live: boolean): void {
  if (ticks.length === 0) return;
  d.writer.push(ticks);
  d.recent.add(ticks);
  if (live) d.gaps.observe(ticks);
  let latest = -Infinity;
  for (const t of ticks) {
    if (t.time > latest) latest = t.time;
    d.lastPrices.set(t.symbol, t.price);
  }
  if (live) d.market.observe(latest);
  d.candles.ingest(ticks);
  if (live) d.whales.onTrades(ticks);
}

export function routeMarketEvent(d: FeedRouterDeps, e: MarketEvent): void {
  switch (e.type) {
    case 'trades.received':
      ingestTicks(d, e.trades, true);
      return;
    case 'book.received':
      d.market.observe(e.book.time);
      d.whales.onBook(e.book);
      return;
    case 'prices.received':
      for (const p of e.prices) {
        d.marks.set(p.symbol, p.mark);
        d.market.observe(p.time);
      }
      return;
    case 'feed.resubscribed':
      d.gaps.expect(e.symbols, e.downSince ?? Number.NEGATIVE_INFINITY);
      return;
    case 'feed.malformed':
      return;
  }
}
