/**
 * Account and order endpoints of the simulated venue (pacifica-api.md §2.4-§2.5), for the
 * trading issue: signed POSTs verified like the venue (§3) and unsigned GETs by ?account=.
 */
import type { AccountSink, OrderEvent } from './account-events.js';
import { accountView, ordersView, positionsView } from './account-views.js';
import { applyFill, onAccountsStep, reportFill, restingEvent, TAKER_FEE, takeLiquidity, type Account, type Order } from './accounts.js';
import { createAuth, isVerified } from './auth.js';
import { formatFloat, formatScaled, parseDecimal } from './decimal.js';
import type { VenueEngine } from './engine.js';
import { fail, ok, type Handler, type RestResponse } from './http.js';
import { isFailure, orderBasics, priceTicksOf, riskCheck } from './order-checks.js';

type SignedFn = (acct: Account, p: Record<string, unknown>, now: number) => RestResponse;

/** An order as `GET /orders/history` lists it (the console resolves unknown outcomes by client_order_id); kept current as the order changes. */
interface HistoryRow {
  readonly order_id: number;
  readonly client_order_id: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly order_type: 'market' | 'limit';
  readonly initial_amount: string;
  readonly filled_amount: string;
  readonly average_filled_price: string;
  readonly order_status: OrderEvent['status'];
  readonly reduce_only: boolean;
  readonly created_at: number;
}

/** The simulated accounts: their REST routes, and lookup by public key (for the account channels). */
export interface AccountApi {
  readonly routes: Map<string, Handler>;
  /** The account, or undefined when the simulator has never seen it. */
  find(id: string): Account | undefined;
}

/** Account routes keyed "METHOD /path"; also hooks per-step order matching into the engine. Changes go to `sink`. */
export function accountRoutes(engine: VenueEngine, simNow: () => number, startingBalance: number, sink: AccountSink): AccountApi {
  const accounts = new Map<string, Account>();
  const auth = createAuth(() => [Date.now(), simNow()]);
  const accountOf = (id: string): Account => {
    const found = accounts.get(id);
    if (found) return found;
    const fresh: Account = { id, balance: startingBalance, positions: new Map(), orders: new Map(), leverage: new Map() };
    accounts.set(id, fresh);
    return fresh;
  };
  const histories = new WeakMap<Account, HistoryRow[]>();
  const historyOf = (acct: Account): HistoryRow[] => {
    const h = histories.get(acct) ?? [];
    histories.set(acct, h);
    return h;
  };
  const cidOf = (p: Record<string, unknown>): string | null => (typeof p.client_order_id === 'string' ? p.client_order_id : null);
  const duplicate = (acct: Account, p: Record<string, unknown>): RestResponse | null => {
    const cid = cidOf(p);
    return cid !== null && historyOf(acct).some((h) => h.client_order_id === cid) ? fail(400, 'Duplicate client_order_id', 36) : null;
  };
  /** The history row of an order, inserted or brought up to date. */
  const record = (acct: Account, o: OrderEvent): void => {
    const lotExp = engine.markets.get(o.symbol)?.spec.lotExp ?? 0;
    const row: HistoryRow = {
      order_id: o.orderId, client_order_id: o.clientOrderId, symbol: o.symbol, side: o.side, order_type: o.type, initial_amount: formatScaled(o.lots, lotExp),
      filled_amount: formatScaled(o.filledLots, lotExp), average_filled_price: o.filledLots > 0 ? formatFloat(o.avgPrice, 8) : '0', order_status: o.status,
      reduce_only: o.reduceOnly, created_at: o.createdAt,
    };
    const h = historyOf(acct);
    const at = h.findIndex((x) => x.order_id === o.orderId);
    if (at >= 0) h[at] = row;
    else h.push(row);
    if (h.length > 5_000) h.shift();
  };
  const tracked: AccountSink = {
    traded: (acct, t) => sink.traded(acct, t),
    orderChanged(acct, o) {
      record(acct, o);
      sink.orderChanged(acct, o);
    },
    changed: (acct, symbols) => sink.changed(acct, symbols),
  };
  engine.onStep((now) => onAccountsStep(engine, accounts, now, tracked));

  const signed = (type: string, fn: SignedFn): Handler => (req) => {
    const v = auth.verify(req.body, type);
    return isVerified(v) ? fn(accountOf(v.account), v.payload, engine.generatedUntil()) : v;
  };
  const byAccount = (fn: (acct: Account) => RestResponse): Handler => (req) => {
    const id = req.query.get('account');
    return id ? fn(accountOf(id)) : fail(400, 'account is required');
  };

  const setStops = (acct: Account, symbol: string, p: Record<string, unknown>): RestResponse | null => {
    const rt = engine.markets.get(symbol);
    const pos = acct.positions.get(symbol);
    if (!rt) return fail(400, 'Book not found', 3);
    if (!pos) return fail(400, 'Position not found', 13);
    for (const [field, key] of [['take_profit', 'takeProfitTicks'], ['stop_loss', 'stopLossTicks']] as const) {
      const spec = p[field] as Record<string, unknown> | undefined | null;
      if (!spec) continue;
      const ticks = priceTicksOf(rt, spec.stop_price);
      if (isFailure(ticks)) return ticks;
      pos[key] = ticks;
    }
    return null;
  };

  const createMarket: SignedFn = (acct, p, now) => {
    const dup = duplicate(acct, p);
    if (dup) return dup;
    const o = orderBasics(engine, p);
    if (isFailure(o)) return o;
    const slip = parseDecimal(p.slippage_percent);
    if (slip === null) return fail(400, 'Invalid slippage_percent');
    const touch = engine.touch(o.rt.spec.symbol);
    const mid = (touch.bid + touch.ask) / 2;
    const limit = o.side === 'bid' ? Math.floor(mid * (1 + slip / 100)) : Math.ceil(mid * (1 - slip / 100));
    const lots = riskCheck(engine, acct, o, mid * o.rt.spec.tickSize);
    if (isFailure(lots)) return lots;
    const fill = takeLiquidity(engine, o.rt.spec.symbol, o.side, lots, limit);
    if (fill.lots === 0) return fail(400, 'Slippage tolerance exceeded: no liquidity within slippage_percent');
    const effect = applyFill(engine, acct, o.rt.spec.symbol, o.side, fill.lots, fill.avgPrice, TAKER_FEE, now);
    if (acct.positions.has(o.rt.spec.symbol)) setStops(acct, o.rt.spec.symbol, p);
    const orderId = engine.nextOrderId();
    const order: OrderEvent = {
      orderId, clientOrderId: cidOf(p), symbol: o.rt.spec.symbol, side: o.side, type: 'market', price: 0, lots, filledLots: fill.lots, avgPrice: fill.avgPrice,
      status: fill.lots === lots ? 'filled' : 'cancelled', event: 'fulfill_market', reduceOnly: o.reduceOnly, createdAt: now, updatedAt: now,
    };
    reportFill(tracked, acct, order, fill.lots, fill.avgPrice, effect, false);
    return ok({ order_id: orderId });
  };

  const createLimit: SignedFn = (acct, p, now) => {
    const dup = duplicate(acct, p);
    if (dup) return dup;
    const o = orderBasics(engine, p);
    if (isFailure(o)) return o;
    const price = priceTicksOf(o.rt, p.price);
    if (isFailure(price)) return price;
    if (p.tif !== 'GTC' && p.tif !== 'IOC' && p.tif !== 'ALO') return fail(400, 'tif must be GTC, IOC or ALO');
    const touch = engine.touch(o.rt.spec.symbol);
    const crosses = o.side === 'bid' ? price >= touch.ask : price <= touch.bid;
    if (crosses && p.tif === 'ALO') return fail(400, 'Post-only order would cross the book');
    const lots = riskCheck(engine, acct, o, price * o.rt.spec.tickSize);
    if (isFailure(lots)) return lots;
    const fill = crosses ? takeLiquidity(engine, o.rt.spec.symbol, o.side, lots, price) : { lots: 0, avgPrice: 0 };
    const orderId = engine.nextOrderId();
    const rests = fill.lots < lots && p.tif === 'GTC';
    const order: OrderEvent = {
      orderId, clientOrderId: cidOf(p), symbol: o.rt.spec.symbol, side: o.side, type: 'limit', price: price * o.rt.spec.tickSize, lots, filledLots: fill.lots,
      avgPrice: fill.avgPrice, status: fill.lots === lots ? 'filled' : !rests ? 'cancelled' : fill.lots > 0 ? 'partially_filled' : 'open',
      event: fill.lots > 0 ? 'fulfill_limit' : 'make', reduceOnly: o.reduceOnly, createdAt: now, updatedAt: now,
    };
    if (rests) acct.orders.set(orderId, { orderId, clientOrderId: order.clientOrderId, symbol: order.symbol, side: o.side, priceTicks: price, lots, filledLots: fill.lots, avgPrice: fill.avgPrice, reduceOnly: o.reduceOnly, createdAt: now, updatedAt: now });
    if (fill.lots > 0) reportFill(tracked, acct, order, fill.lots, fill.avgPrice, applyFill(engine, acct, order.symbol, o.side, fill.lots, fill.avgPrice, TAKER_FEE, now), false);
    else {
      tracked.orderChanged(acct, order);
      tracked.changed(acct, []);
    }
    return ok({ order_id: orderId });
  };

  /** Take a resting order off the book and report it cancelled. */
  const cancelOrder = (acct: Account, order: Order, now: number): void => {
    acct.orders.delete(order.orderId);
    order.updatedAt = now;
    tracked.orderChanged(acct, { ...restingEvent(order, engine.markets.get(order.symbol)?.spec.tickSize ?? 1), status: 'cancelled', event: 'cancel' });
  };

  const cancel: SignedFn = (acct, p, now) => {
    const match = [...acct.orders.values()].find((o) => o.symbol === p.symbol && (o.orderId === p.order_id || (p.client_order_id !== undefined && o.clientOrderId === p.client_order_id)));
    if (!match) return fail(400, 'Order not found', 6);
    cancelOrder(acct, match, now);
    tracked.changed(acct, []);
    return ok(null);
  };

  const cancelAll: SignedFn = (acct, p, now) => {
    if (p.all_symbols !== true && typeof p.symbol !== 'string') return fail(400, 'symbol is required when all_symbols is false');
    let cancelled = 0;
    for (const o of [...acct.orders.values()]) {
      if ((p.all_symbols === true || o.symbol === p.symbol) && !(p.exclude_reduce_only === true && o.reduceOnly)) {
        cancelOrder(acct, o, now);
        cancelled++;
      }
    }
    if (cancelled > 0) tracked.changed(acct, []);
    return ok({ cancelled_count: cancelled });
  };

  const leverage: SignedFn = (acct, p) => {
    const rt = typeof p.symbol === 'string' ? engine.markets.get(p.symbol) : undefined;
    if (!rt) return fail(400, 'Book not found', 3);
    const lev = p.leverage;
    if (typeof lev !== 'number' || !Number.isInteger(lev) || lev < 1 || lev > rt.spec.maxLeverage) return fail(400, `leverage must be an integer 1..${rt.spec.maxLeverage}`);
    const current = acct.leverage.get(rt.spec.symbol) ?? rt.spec.maxLeverage;
    if (lev === current) return fail(400, 'Leverage unchanged');
    if (lev < current && acct.positions.has(rt.spec.symbol)) return fail(400, 'Cannot decrease leverage with an open position', 11);
    acct.leverage.set(rt.spec.symbol, lev);
    return ok(null);
  };

  const tpsl: SignedFn = (acct, p) => {
    if (typeof p.symbol !== 'string') return fail(400, 'symbol is required');
    return setStops(acct, p.symbol, p) ?? ok(null);
  };

  const routes = new Map<string, Handler>([
    ['POST /agent/bind', (req) => auth.bind(req.body) ?? ok({})],
    ['POST /orders/create_market', signed('create_market_order', createMarket)],
    ['POST /orders/create', signed('create_order', createLimit)],
    ['POST /orders/cancel', signed('cancel_order', cancel)],
    ['POST /orders/cancel_all', signed('cancel_all_orders', cancelAll)],
    ['POST /positions/tpsl', signed('set_position_tpsl', tpsl)],
    ['POST /account/leverage', signed('update_leverage', leverage)],
    ['GET /account', byAccount((a) => ok(accountView(engine, a, simNow())))],
    ['GET /positions', byAccount((a) => ok(positionsView(engine, a), { last_order_id: engine.lastOrderId() }))],
    ['GET /orders', byAccount((a) => ok(ordersView(engine, a), { last_order_id: engine.lastOrderId() }))],
    ['GET /orders/history', byAccount((a) => ok([...historyOf(a)].reverse(), { last_order_id: engine.lastOrderId() }))],
  ]);
  return { routes, find: (id) => accounts.get(id) };
}
