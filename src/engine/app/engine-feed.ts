/**
 * Routes market events to the parts of the engine (the collector). Everything passes the
 * tick guard first (tick-guard.ts: unknown symbols dropped and counted, out-of-band data
 * quarantined); every clean trade then goes to the writer first (nothing on the tick path
 * is dropped), then to the candles, the whale service and gap tracking; books and prices
 * move the candle clock.
 */
import type { Tick } from '../core/types.js';
import type { MarketEvent } from '../ports/market-feed.js';
import type { BatchWriter } from './batch-writer-types.js';
import type { CandleService } from './candle-service.js';
import type { GapCoordinator } from './gap-coordinator.js';
import type { RecentTicks } from './recent-ticks.js';
import type { TickGuard } from './tick-guard.js';
import type { WhaleService } from './whale-service.js';

/**
 * Books arrive every 250 ms per pair, so a pair silent for this long (wall time) while its
 * connection stayed up (a stall the stale check missed, e.g. because junk frames kept it
 * "alive") has had a jump: its trades in between may be lost and are repaired as after a
 * reconnect.
 */
export const JUMP_AFTER_MS = 5_000;

export interface FeedRouterDeps {
  /** Wall time of the last market data (book or trade) per symbol. */
  readonly lastDataAt: Map<string, number>;
  readonly writer: BatchWriter;
  readonly candles: CandleService;
  readonly whales: WhaleService;
  readonly gaps: GapCoordinator;
  readonly recent: RecentTicks;
  readonly lastPrices: Map<string, number>;
  readonly guard: TickGuard;
}

/** Ticks from the live feed or from gap repair: screened by the guard, then ingested. */
export function ingestTicks(d: FeedRouterDeps, ticks: readonly Tick[], live: boolean): void {
  ingestClean(d, d.guard.screen(ticks, live), live);
}

/** Ticks that passed the guard (which moved the market clock for the live ones). */
function ingestClean(d: FeedRouterDeps, ticks: readonly Tick[], live: boolean): void {
  if (ticks.length === 0) return;
  d.writer.push(ticks);
  d.recent.add(ticks);
  if (live) d.gaps.observe(ticks);
  for (const t of ticks) d.lastPrices.set(t.symbol, t.price);
  d.candles.ingest(ticks);
  if (live) d.whales.onTrades(ticks);
}

/** Notice a jump in a pair's data before handling the new message. */
function checkJump(d: FeedRouterDeps, symbol: string, receivedAt: number | undefined): void {
  if (receivedAt === undefined) return;
  const prev = d.lastDataAt.get(symbol);
  d.lastDataAt.set(symbol, receivedAt);
  if (prev !== undefined && receivedAt - prev > JUMP_AFTER_MS) d.gaps.expect([symbol], prev);
}

export function routeMarketEvent(d: FeedRouterDeps, e: MarketEvent): void {
  switch (e.type) {
    case 'trades.received': {
      const clean = d.guard.screen(e.trades, true);
      for (const t of clean) checkJump(d, t.symbol, t.receivedAt);
      ingestClean(d, clean, true);
      return;
    }
    case 'book.received': {
      const book = d.guard.screenBook(e.book);
      if (!book) return;
      checkJump(d, book.symbol, book.receivedAt);
      d.whales.onBook(book);
      return;
    }
    case 'prices.received':
      for (const p of e.prices) d.guard.admitMark(p.symbol, p.mark, p.time);
      return;
    case 'feed.resubscribed':
      d.gaps.expect(e.symbols, e.downSince ?? Number.NEGATIVE_INFINITY);
      return;
    case 'feed.malformed':
      return;
  }
}
