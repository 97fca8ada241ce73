/**
 * Parsers for the account GETs the live broker reads (pacifica-api.md §2.4). Decimals
 * arrive as strings. Samples:
 *   /positions: [{"symbol":"ETH","side":"bid","amount":"0.5","entry_price":"3012.4","funding":"0","isolated":false,...}]
 *   /orders:    [{"order_id":12,"client_order_id":"5f0c...","symbol":"ETH","side":"bid","price":"1000","initial_amount":"0.1",
 *                 "filled_amount":"0","cancelled_amount":"0","order_type":"limit","reduce_only":false,...}]
 *   /account:   {"balance":"9990.1","account_equity":"9991.2","taker_fee":"0.0004",...}
 *   /orders/history (the simulator's shape; the venue's is not in the docs we have):
 *               [{"order_id":13,"client_order_id":"...","order_status":"filled","filled_amount":"0.5","average_filled_price":"3012.4",...}]
 */
import { z } from 'zod';
import type { OrderStatus } from '../../engine/core/spine/engine-state.js';
import type { VenueAccount, VenueOrder, VenuePosition } from '../../engine/ports/exchange.js';
import { decimal } from './schema-primitives.js';

const side = z.enum(['bid', 'ask']);
const position = z.object({ symbol: z.string(), side, amount: decimal, entry_price: decimal, funding: decimal.optional() });
const order = z.object({
  order_id: z.number(), client_order_id: z.string().nullable().optional(), symbol: z.string(), side, price: decimal.nullable().optional(),
  initial_amount: decimal, filled_amount: decimal, order_type: z.string(), reduce_only: z.boolean(),
  order_status: z.string().optional(), average_filled_price: decimal.optional(), updated_at: z.number().optional(), created_at: z.number().optional(),
});
const account = z.object({ balance: decimal, account_equity: decimal, taker_fee: decimal.optional() });

const fail = (what: string, err: z.ZodError): Error => new Error(`malformed ${what} from the venue: ${err.issues[0]?.message ?? 'invalid'}`);

export function parsePositions(data: unknown): VenuePosition[] {
  const r = z.array(position).safeParse(data);
  if (!r.success) throw fail('/positions', r.error);
  return r.data.map((p) => ({ symbol: p.symbol, side: p.side === 'bid' ? 'long' : 'short', amount: p.amount, entryPrice: p.entry_price, funding: p.funding ?? 0 }));
}

const STATUS: Readonly<Record<string, OrderStatus>> = { open: 'open', partially_filled: 'partially_filled', filled: 'filled', cancelled: 'cancelled', rejected: 'rejected' };

/** Orders from /orders (open) or /orders/history (with their status); `takerFee` estimates the fee paid. */
export function parseOrders(data: unknown, takerFee: number, now: number): VenueOrder[] {
  const r = z.array(order).safeParse(data);
  if (!r.success) throw fail('/orders', r.error);
  return r.data.map((o) => {
    const status: OrderStatus = o.order_status ? (STATUS[o.order_status] ?? 'open') : o.filled_amount > 0 ? 'partially_filled' : 'open';
    const avg = o.average_filled_price && o.average_filled_price > 0 ? o.average_filled_price : o.filled_amount > 0 ? (o.price ?? null) : null;
    return {
      clientOrderId: o.client_order_id ?? `venue-${o.order_id}`, venueOrderId: String(o.order_id), symbol: o.symbol, side: o.side === 'bid' ? 'buy' : 'sell',
      type: o.order_type === 'market' ? 'market' : 'limit', amount: o.initial_amount, price: o.price ?? null, reduceOnly: o.reduce_only, status,
      filled: o.filled_amount, avgFillPrice: avg, fee: avg === null ? 0 : takerFee * o.filled_amount * avg, reason: null, updatedAt: o.updated_at ?? o.created_at ?? now,
    };
  });
}

export function parseAccount(data: unknown): VenueAccount {
  const r = account.safeParse(data);
  if (!r.success) throw fail('/account', r.error);
  return { balance: r.data.balance, equity: r.data.account_equity, takerFee: r.data.taker_fee ?? null };
}
