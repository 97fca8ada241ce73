import type { MarketLimits } from '../core/pair-limits.js';
import type { BookSnapshot, Candle, PriceUpdate, Side, Timeframe } from '../core/types.js';

/** Market metadata from `GET /info` (sizes as the venue lists them; minOrderSize is USD notional). */
export interface MarketInfo extends MarketLimits {
  readonly isolatedOnly: boolean;
}

/** A trade from `GET /trades` (no history id: pacifica-api.md §2.3). */
export interface RestTrade {
  readonly time: number;
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  readonly side: Side;
}

/** Venue REST market data. Implemented by `src/data/pacifica/rest-client.ts`. */
export interface MarketRest {
  getInfo(): Promise<MarketInfo[]>;
  getPrices(): Promise<PriceUpdate[]>;
  /** Candles with start in [startTime, endTime), paged internally; source = 'backfill'. */
  getKlines(symbol: string, timeframe: Timeframe, startTime: number, endTime: number): Promise<Candle[]>;
  /** Most recent trades (taker fills only), oldest first. */
  getRecentTrades(symbol: string): Promise<RestTrade[]>;
  getBook(symbol: string): Promise<BookSnapshot>;
}
