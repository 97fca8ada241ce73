/**
 * Pacifica REST client (MarketRest port, plus `postSigned` for the trading issue). Spends
 * the venue's credit budget client-side, retries GETs on 429 / network / 5xx with backoff
 * (Retry-After first) a bounded number of times, and maps every failure to a stable code.
 * Signed POSTs are never retried here: the signature carries a timestamp and expiry window,
 * so the caller re-signs before trying again.
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../engine/core/backoff.js';
import { retry } from '../../engine/core/retry.js';
import { NexwaveError } from '../../engine/core/errors.js';
import { TIMEFRAME_MS, type BookSnapshot, type Candle, type PriceUpdate, type Timeframe } from '../../engine/core/types.js';
import { systemClock, type Clock } from '../../engine/ports/clock.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { MarketInfo, MarketRest, RestTrade } from '../../engine/ports/market-rest.js';
import { createCreditBudget, DEFAULT_CREDITS, type CreditPolicy } from './credit-budget.js';
import { parseBook } from './parse-book.js';
import { parseInfo } from './parse-info.js';
import { parseKlines } from './parse-kline.js';
import { parsePrices } from './parse-prices.js';
import { parseRestTrades } from './parse-rest-trades.js';
import { createRestTransport, type Query } from './rest-transport.js';
import { sampleOf, type ParsedList } from './schema-primitives.js';

/** Rows asked for per `/kline` call (the documented cap of the mark variant, §2.3). */
export const KLINE_PAGE_ROWS = 4000;

export interface PacificaRestOptions {
  /** e.g. https://api.pacifica.fi/api/v1 */
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** API Config Key, sent as `PF-API-KEY`; never logged. */
  readonly apiKey?: string;
  readonly credits?: CreditPolicy;
  /** Credit cost of a heavy GET (`/kline`); the docs give 3-12 for the IP tier [I]. */
  readonly heavyCost?: number;
  readonly fetchImpl?: typeof fetch;
  readonly random?: () => number;
  readonly backoff?: BackoffPolicy;
  /** Retries of a GET after the first attempt. */
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}

/** MarketRest plus the raw signed POST used by the order manager. */
export interface PacificaRest extends MarketRest {
  /** POST a signed body (see signing.ts); returns the envelope's `data`. Not retried. */
  postSigned(path: string, body: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** Credits spent in the current window (for the status line). */
  creditsUsed(): number;
}

export function createPacificaRest(opts: PacificaRestOptions): PacificaRest {
  const clock = opts.clock ?? systemClock;
  const budget = createCreditBudget(opts.credits ?? DEFAULT_CREDITS, clock);
  const transport = createRestTransport({ ...opts, clock });
  const random = opts.random ?? Math.random;
  const maxRetries = opts.maxRetries ?? 3;
  const heavy = opts.heavyCost ?? 3;

  const get = (path: string, query: Query, cost = 1): Promise<unknown> =>
    retry(
      async () => {
        await budget.take(cost);
        return transport.send('GET', path, query, undefined);
      },
      {
        sleep: (ms) => clock.sleep(ms), random, maxRetries, policy: opts.backoff ?? DEFAULT_BACKOFF,
        retryDelay: (err) => (err instanceof NexwaveError && err.retryable ? err.retryAfterMs : null),
        onRetry: (err, attempt, delayMs) => opts.logger.warn('rest.retry', { path, code: (err as NexwaveError).code, attempt: attempt + 1, delayMs }),
      },
    );

  /** Keep the valid rows, say out loud how many were not. */
  const valid = <T>(path: string, parsed: ParsedList<T> | null, data: unknown): T[] => {
    if (!parsed) throw new NexwaveError('FEED.MALFORMED', `GET ${path}: expected an array, got ${sampleOf(data, 80)}`);
    if (parsed.invalid > 0) opts.logger.warn('rest.malformed', { path, invalid: parsed.invalid, sample: parsed.sample });
    return parsed.items;
  };

  const getKlines = async (symbol: string, timeframe: Timeframe, startTime: number, endTime: number): Promise<Candle[]> => {
    const step = TIMEFRAME_MS[timeframe];
    const byTime = new Map<number, Candle>();
    let cursor = startTime;
    while (cursor < endTime) {
      const windowEnd = Math.min(endTime, cursor + KLINE_PAGE_ROWS * step);
      const query = { symbol, interval: timeframe, start_time: cursor, end_time: windowEnd };
      const data = await get('/kline', query, heavy);
      const rows = valid('/kline', parseKlines(data, timeframe), data).filter((c) => c.symbol === symbol && c.time >= cursor && c.time < endTime);
      for (const c of rows) byTime.set(c.time, c);
      // Fewer rows than the window holds: the server capped the page; continue after the last row.
      const last = rows.reduce((m, c) => Math.max(m, c.time), -Infinity);
      cursor = rows.length > 0 && last + step < windowEnd ? last + step : windowEnd;
    }
    return [...byTime.values()].sort((a, b) => a.time - b.time);
  };

  return {
    async getInfo(): Promise<MarketInfo[]> {
      const data = await get('/info', {});
      return valid('/info', parseInfo(data), data);
    },
    async getPrices(): Promise<PriceUpdate[]> {
      const data = await get('/info/prices', {});
      return valid('/info/prices', parsePrices(data), data);
    },
    getKlines,
    async getRecentTrades(symbol: string): Promise<RestTrade[]> {
      const data = await get('/trades', { symbol });
      return valid('/trades', parseRestTrades(data, symbol), data);
    },
    async getBook(symbol: string): Promise<BookSnapshot> {
      const data = await get('/book', { symbol, agg_level: 1 });
      const book = parseBook(data, clock.now());
      if (!book) throw new NexwaveError('FEED.MALFORMED', `GET /book: not a book: ${sampleOf(data, 80)}`);
      return book;
    },
    async postSigned(path, body) {
      await budget.take(1);
      return transport.send('POST', path, {}, body);
    },
    creditsUsed: () => budget.used(),
  };
}
