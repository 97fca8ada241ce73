/**
 * Pushes engine output to WS subscribers: trades (one message per symbol per step, like the
 * venue's batched arrays), candles on every trade step, full book snapshots every 250 ms of
 * SIM time and prices every 1 s of sim time. At high speed the real send rate is capped (books
 * at most every 100 real ms, prices every 250 real ms): the latest snapshot wins, as a slow
 * venue would behave; trades are never thinned.
 */
import { aggregateBook } from './book.js';
import { aggregate, INTERVAL_MS } from './candles.js';
import type { VenueEngine } from './engine.js';
import { bookData, candleItem, priceItem, tradeItem } from './messages.js';
import type { WsHub } from './ws-server.js';

const BOOK_SIM_MS = 250;
const BOOK_MIN_REAL_MS = 100;
const PRICES_SIM_MS = 1_000;
const PRICES_MIN_REAL_MS = 250;

/** Broadcaster driven by the simulator loop. */
export interface Broadcaster {
  /** Push books and prices if their cadence is due. */
  afterAdvance(realNow: number): void;
}

function sendToAll(hub: WsHub, key: string, text: string): void {
  const subs = hub.subscribers(key);
  if (subs) for (const c of subs) hub.send(c, text);
}

/** Wire the engine's trade events to the hub and return the periodic pusher. */
export function createBroadcaster(engine: VenueEngine, hub: WsHub): Broadcaster {
  engine.onTrades((symbol, trades) => {
    const subs = hub.subscribers(`trades:${symbol}`);
    if (subs && subs.size > 0) {
      const text = JSON.stringify({ channel: 'trades', data: trades.map(tradeItem) });
      for (const c of subs) hub.send(c, text);
    }
    const rt = engine.markets.get(symbol);
    const last = trades[trades.length - 1];
    if (!rt || !last) return;
    for (const interval of Object.keys(INTERVAL_MS)) {
      const key = `candle:${symbol}:${interval}`;
      if (!hub.subscribers(key)) continue;
      const ms = INTERVAL_MS[interval] ?? 60_000;
      const t = Math.floor(last.time / ms) * ms;
      const m = aggregate(rt.series, t, ms);
      if (m) sendToAll(hub, key, JSON.stringify({ channel: 'candle', data: candleItem(rt, t, ms, interval, m) }));
    }
  });

  let lastBookSim = -Infinity;
  let lastBookReal = -Infinity;
  let lastPricesSim = -Infinity;
  let lastPricesReal = -Infinity;

  const pushBooks = (simNow: number): void => {
    for (const [key, subs] of hub.activeTopics()) {
      if (!key.startsWith('book:')) continue;
      const [, symbol = '', agg = '1'] = key.split(':');
      const rt = engine.markets.get(symbol);
      if (!rt) continue;
      const book = aggregateBook(engine.book(symbol), Number(agg));
      const text = JSON.stringify({ channel: 'book', data: bookData(rt, book, simNow, engine.lastOrderId()) });
      for (const c of subs) hub.send(c, text);
    }
  };

  const pushPrices = (simNow: number): void => {
    const subs = hub.subscribers('prices');
    if (!subs || subs.size === 0) return;
    const data = [...engine.markets.values()].map((rt) => priceItem(rt, simNow));
    const text = JSON.stringify({ channel: 'prices', data });
    for (const c of subs) hub.send(c, text);
  };

  return {
    afterAdvance(realNow) {
      const simNow = engine.generatedUntil();
      if (simNow - lastBookSim >= BOOK_SIM_MS && realNow - lastBookReal >= BOOK_MIN_REAL_MS) {
        lastBookSim = simNow;
        lastBookReal = realNow;
        pushBooks(simNow);
      }
      if (simNow - lastPricesSim >= PRICES_SIM_MS && realNow - lastPricesReal >= PRICES_MIN_REAL_MS) {
        lastPricesSim = simNow;
        lastPricesReal = realNow;
        pushPrices(simNow);
      }
    },
  };
}
