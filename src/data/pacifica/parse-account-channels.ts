/**
 * WS account channels -> domain values (pacifica-api.md §1.4). Decimals arrive as strings,
 * ids and times as integers. Lists are parsed element by element: a bad element is counted,
 * the good ones are kept. None of these throws.
 */
import { z } from 'zod';
import type { OrderStatus } from '../../engine/core/spine/engine-state.js';
import type { VenueAccount, VenueOrder, VenuePosition } from '../../engine/ports/exchange.js';
import { decimal, epochMs, nonNegativeDecimal, parseEach, symbol, type ParsedList } from './schema-primitives.js';

const side = z.enum(['bid', 'ask']);
const STATUS: Readonly<Record<string, OrderStatus>> = { open: 'open', partially_filled: 'partially_filled', filled: 'filled', cancelled: 'cancelled', rejected: 'rejected' };
const MARKET_TYPES: ReadonlySet<string> = new Set(['market', 'stop_market', 'take_profit_market', 'stop_loss_market']);

/** One fill of one of the account's orders. */
export interface AccountFill {
  /** Venue trade history id (`h`). */
  readonly historyId: number;
  readonly venueOrderId: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly price: number;
  readonly amount: number;
  /** Fee paid (USD). */
  readonly fee: number;
  /** Realized PnL (USD). */
  readonly pnl: number;
  readonly maker: boolean;
  readonly time: number;
}

const orderUpdate = z.object({
  i: z.number().int(), I: z.string().nullable().optional(), s: symbol, d: side, p: nonNegativeDecimal.optional(), ip: nonNegativeDecimal.nullable().optional(),
  a: nonNegativeDecimal, f: nonNegativeDecimal, oe: z.string(), os: z.string().refine((s) => s in STATUS, 'unknown order status'), ot: z.string(),
  r: z.boolean(), ct: epochMs.optional(), ut: epochMs,
});

/*
 * account_order_updates:
 *   {"channel":"account_order_updates","data":[{"i":1500000123,"I":"5f0c1d2e-…","u":"42trU9A5…","s":"ETH","d":"bid",
 *    "p":"3012.4","ip":"3012.4","a":"0.5","f":"0.5","oe":"fulfill_limit","os":"filled","ot":"limit","sp":null,"si":null,
 *    "r":false,"ct":1764133203991,"ut":1764133656974,"li":1500000124}]}
 * The fee is not in this channel (account_trades has it): orders come back with fee 0.
 */
export function parseOrderUpdates(data: unknown): ParsedList<VenueOrder> | null {
  return parseEach(data, orderUpdate, (o): VenueOrder => {
    const avg = o.p !== undefined && o.p > 0 ? o.p : null;
    const status = STATUS[o.os] ?? 'open';
    return {
      clientOrderId: o.I ?? `venue-${o.i}`, venueOrderId: String(o.i), symbol: o.s, side: o.d === 'bid' ? 'buy' : 'sell', type: MARKET_TYPES.has(o.ot) ? 'market' : 'limit',
      amount: o.a, price: o.ip && o.ip > 0 ? o.ip : null, reduceOnly: o.r, status, filled: o.f, avgFillPrice: o.f > 0 ? avg : null, fee: 0,
      reason: status === 'cancelled' || status === 'rejected' ? `${status} at the venue (${o.oe})` : null, updatedAt: o.ut,
    };
  });
}

const trade = z.object({
  h: z.number().int(), i: z.number().int(), I: z.string().nullable().optional(), s: symbol, p: nonNegativeDecimal, a: nonNegativeDecimal,
  te: z.string(), f: decimal, n: decimal.optional(), t: epochMs,
});

/*
 * account_trades:
 *   {"channel":"account_trades","data":[{"h":90000001,"i":1500000123,"I":"5f0c1d2e-…","u":"42trU9A5…","s":"ETH",
 *    "p":"3012.4","o":"3012.4","a":"0.5","te":"fulfill_maker","ts":"open_long","tc":"normal","f":"0.22593","n":"0",
 *    "t":1764133656974,"li":1500000124,"it":0}]}
 */
export function parseAccountTrades(data: unknown): ParsedList<AccountFill> | null {
  return parseEach(data, trade, (t): AccountFill => ({
    historyId: t.h, venueOrderId: String(t.i), clientOrderId: t.I ?? null, symbol: t.s, price: t.p, amount: t.a, fee: t.f, pnl: t.n ?? 0,
    maker: t.te === 'fulfill_maker', time: t.t,
  }));
}

const position = z.object({ s: symbol, d: side, a: nonNegativeDecimal, p: nonNegativeDecimal, f: decimal.optional(), t: epochMs.optional() });

/*
 * account_positions (snapshot on subscribe, then changes; a closed position is pushed as `[]`):
 *   {"channel":"account_positions","data":[{"s":"BTC","d":"bid","a":"0.00022","p":"87185","m":"0","f":"-0.00023989",
 *    "i":false,"l":null,"t":1764133203991}],"li":1559395580}
 *   {"channel":"account_positions","data":[],"li":1559438203}
 */
export function parsePositionPush(data: unknown): ParsedList<VenuePosition> | null {
  return parseEach(data, position, (p): VenuePosition => ({ symbol: p.s, side: p.d === 'bid' ? 'long' : 'short', amount: p.a, entryPrice: p.p, funding: p.f ?? 0 }));
}

const info = z.object({ ae: decimal, b: decimal });

/*
 * account_info:
 *   {"channel":"account_info","data":{"ae":"10012.5","as":"9800.1","aw":"9800.1","b":"10000","f":0,"mu":"212.4",
 *    "cm":"106.2","oc":1,"pb":"0","pc":1,"sc":0,"sb":[],"t":1764133656974}}
 * The fee tier `f` is a level, not a rate: takerFee stays unknown here.
 */
export function parseAccountInfo(data: unknown): VenueAccount | null {
  const r = info.safeParse(data);
  return r.success ? { balance: r.data.b, equity: r.data.ae, takerFee: null } : null;
}
