/**
 * Unsigned market-data REST endpoints (pacifica-api.md §2.3): /info, /info/prices, /kline,
 * /trades and /book, served from the same engine state that feeds the WebSocket.
 */
import { aggregateBook } from './book.js';
import { INTERVAL_MS, klines } from './candles.js';
import type { VenueEngine } from './engine.js';
import type { FaultState } from './faults.js';
import { fail, ok, type Handler, type RestRequest, type RestResponse } from './http.js';
import { bookData, candleItem, infoItem, priceItem, restTradeItem } from './messages.js';

/** Most rows one /kline call returns (the documented cap of the mark-price variant). */
export const KLINE_MAX_ROWS = 4_000;

const intParam = (q: URLSearchParams, name: string): number | null => {
  const raw = q.get(name);
  if (raw === null || !/^\d{1,16}$/.test(raw)) return null;
  return Number(raw);
};

/** Market-data routes keyed "METHOD /path". */
export function marketRoutes(engine: VenueEngine, simNow: () => number, restTradesLimit: number, faults: Pick<FaultState, 'info'>): Map<string, Handler> {
  const createdAt = engine.config.startTime - 400 * 86_400_000;
  const withSymbol = (req: RestRequest, fn: (symbol: string) => RestResponse): RestResponse => {
    const symbol = req.query.get('symbol');
    if (symbol === null || !engine.markets.has(symbol)) return fail(400, `Book not found: ${symbol ?? '(no symbol)'}`, 3);
    return fn(symbol);
  };

  const kline: Handler = (req) =>
    withSymbol(req, (symbol) => {
      const interval = req.query.get('interval') ?? '';
      const ms = INTERVAL_MS[interval];
      const start = intParam(req.query, 'start_time');
      if (ms === undefined) return fail(400, `Invalid interval: ${interval}`);
      if (start === null) return fail(400, 'start_time is required (ms)');
      const end = intParam(req.query, 'end_time') ?? simNow();
      const limit = Math.min(intParam(req.query, 'limit') ?? KLINE_MAX_ROWS, KLINE_MAX_ROWS);
      const rt = engine.markets.get(symbol);
      if (!rt) return fail(400, 'Book not found', 3);
      return ok(klines(rt.series, ms, start, Math.min(end, simNow() + 1), limit).map(({ t, m }) => candleItem(rt, t, ms, interval, m)));
    });

  const trades: Handler = (req) =>
    withSymbol(req, (symbol) => {
      const all = engine.ledger.bySymbol(symbol);
      const recent = all.slice(Math.max(0, all.length - restTradesLimit)).reverse();
      return ok(recent.map(restTradeItem), { last_order_id: engine.lastOrderId() });
    });

  const book: Handler = (req) =>
    withSymbol(req, (symbol) => {
      const agg = intParam(req.query, 'agg_level') ?? 1;
      const rt = engine.markets.get(symbol);
      if (!rt || ![1, 10, 100, 1000, 10000].includes(agg)) return fail(400, 'Invalid agg_level');
      return ok(bookData(rt, aggregateBook(engine.book(symbol), agg), engine.generatedUntil()));
    });

  return new Map<string, Handler>([
    ['GET /info', () => ok(faults.info ?? [...engine.markets.values()].map((rt) => infoItem(rt, createdAt)))],
    ['GET /info/prices', () => ok([...engine.markets.values()].map((rt) => priceItem(rt, engine.generatedUntil())))],
    ['GET /kline', kline],
    ['GET /trades', trades],
    ['GET /book', book],
  ]);
}
