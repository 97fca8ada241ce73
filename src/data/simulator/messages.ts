/**
 * Wire shapes of the simulated venue, exactly as pacifica-api.md §1.3 / §2.3 document them:
 * decimal strings for prices and amounts, integer ms timestamps and ids.
 */
import type { GridBook, GridLevel } from './book.js';
import { aggregate, type Minute } from './candles.js';
import { formatFloat, formatScaled } from './decimal.js';
import type { MarketRuntime } from './engine.js';
import type { LedgerTrade } from './ledger.js';
import { midTicks } from './model.js';

const DAY = 86_400_000;

/** Trades channel element, e.g. {"h":80062522,"s":"BTC","a":"0.00001","p":"89471","d":"close_short","tc":"normal","t":1765018379085,"li":1559885104,"it":0}. */
export function tradeItem(t: LedgerTrade): Record<string, unknown> {
  return { h: t.h, s: t.symbol, a: t.amount, p: t.price, d: t.d, tc: t.cause, t: t.time, li: t.li, it: 0 };
}

/** REST /trades element: {event_type, price, amount, side, cause, created_at}. */
export function restTradeItem(t: LedgerTrade): Record<string, unknown> {
  return { event_type: 'fulfill_taker', price: t.price, amount: t.amount, side: t.d, cause: t.cause, created_at: t.time };
}

function levelItems(rt: MarketRuntime, levels: readonly GridLevel[]): Array<Record<string, unknown>> {
  return levels.map((l) => ({ a: formatScaled(l.lots, rt.spec.lotExp), n: l.orders, p: formatScaled(l.priceTicks, rt.spec.tickExp) }));
}

/** Book payload {l:[bids, asks], s, t, li}; the REST /book data omits `li`. */
export function bookData(rt: MarketRuntime, book: GridBook, time: number, li?: number): Record<string, unknown> {
  const data: Record<string, unknown> = { l: [levelItems(rt, book.bids), levelItems(rt, book.asks)], s: rt.spec.symbol, t: time };
  if (li !== undefined) data.li = li;
  return data;
}

/** Candle payload {t,T,s,i,o,c,h,l,v,n} (WS candle and REST /kline rows). */
export function candleItem(rt: MarketRuntime, t: number, intervalMs: number, interval: string, m: Minute): Record<string, unknown> {
  const px = (ticks: number): string => formatScaled(ticks, rt.spec.tickExp);
  return { t, T: t + intervalMs, s: rt.spec.symbol, i: interval, o: px(m.o), c: px(m.c), h: px(m.h), l: px(m.l), v: formatScaled(m.v, rt.spec.lotExp), n: m.n };
}

/** Funding follows the trend (longs pay in up-trends), clamped to a realistic band. */
function fundingRate(rt: MarketRuntime): number {
  return Math.max(-0.0005, Math.min(0.0005, 0.0000125 + rt.state.drift * 3_600_000 * 0.1));
}

/**
 * Prices channel / GET /info/prices element, e.g. {"funding":"0.0000125","mark":"105473","mid":"105476",
 * "next_funding":"0.0000125","open_interest":"0.00524","oracle":"105473","symbol":"BTC",
 * "timestamp":1749051612681,"volume_24h":"63265.87522","yesterday_price":"955476"}.
 */
export function priceItem(rt: MarketRuntime, now: number): Record<string, unknown> {
  const { spec, series } = rt;
  const mid = midTicks(rt.state);
  const day = aggregate(series, now - DAY, DAY);
  const yesterday = aggregate(series, now - DAY, 60_000);
  const volumeUsd = day ? day.v * spec.lotSize * ((day.h + day.l) / 2) * spec.tickSize : 0;
  const funding = fundingRate(rt);
  const oi = (spec.whaleThresholdUsd * 400) / (mid * spec.tickSize);
  return {
    funding: formatFloat(funding, 8), mark: formatScaled(mid, spec.tickExp), mid: formatScaled(mid, spec.tickExp),
    next_funding: formatFloat(funding * 0.9, 8), open_interest: formatFloat(oi, 4), oracle: formatScaled(mid, spec.tickExp),
    symbol: spec.symbol, timestamp: now, volume_24h: formatFloat(volumeUsd, 2),
    yesterday_price: formatScaled(yesterday?.c ?? mid, spec.tickExp),
  };
}

/** GET /info element. */
export function infoItem(rt: MarketRuntime, createdAt: number): Record<string, unknown> {
  const { spec } = rt;
  const funding = formatFloat(fundingRate(rt), 8);
  return {
    symbol: spec.symbol, tick_size: formatScaled(1, spec.tickExp), min_tick: formatScaled(1, spec.tickExp),
    max_tick: formatScaled(1, spec.tickExp + 10), lot_size: formatScaled(1, spec.lotExp), max_leverage: spec.maxLeverage,
    isolated_only: false, min_order_size: '10', max_order_size: '5000000', funding_rate: funding, next_funding_rate: funding,
    created_at: createdAt,
  };
}
