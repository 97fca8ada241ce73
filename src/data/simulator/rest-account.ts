/**
 * Account and order endpoints of the simulated venue (pacifica-api.md §2.4-§2.5), for the
 * trading issue: signed POSTs verified like the venue (§3) and unsigned GETs by ?account=.
 */
import type { BookSide } from '../../engine/core/types.js';
import { applyFill, exposure, MAKER_FEE, onAccountsStep, TAKER_FEE, takeLiquidity, type Account } from './accounts.js';
import { createAuth, isVerified } from './auth.js';
import { formatFloat, formatScaled, parseDecimal } from './decimal.js';
import type { VenueEngine } from './engine.js';
import { fail, ok, type Handler, type RestResponse } from './http.js';
import { isFailure, orderBasics, priceTicksOf, riskCheck } from './order-checks.js';

type SignedFn = (acct: Account, p: Record<string, unknown>, now: number) => RestResponse;

/** An order as `GET /orders/history` lists it (the console resolves unknown outcomes by client_order_id). */
interface HistoryRow {
  readonly order_id: number;
  readonly client_order_id: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly order_type: 'market' | 'limit';
  readonly initial_amount: string;
  readonly filled_amount: string;
  readonly average_filled_price: string;
  readonly order_status: 'open' | 'filled' | 'cancelled';
  readonly reduce_only: boolean;
  readonly created_at: number;
}

const usd = (x: number): string => formatFloat(x, 6);

/** Account routes keyed "METHOD /path"; also hooks per-step order matching into the engine. */
export function accountRoutes(engine: VenueEngine, simNow: () => number, startingBalance: number): Map<string, Handler> {
  const accounts = new Map<string, Account>();
  const auth = createAuth(() => [Date.now(), simNow()]);
  const accountOf = (id: string): Account => {
    const found = accounts.get(id);
    if (found) return found;
    const fresh: Account = { balance: startingBalance, positions: new Map(), orders: new Map(), leverage: new Map() };
    accounts.set(id, fresh);
    return fresh;
  };
  engine.onStep((now) => onAccountsStep(engine, accounts, now));
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
  const record = (acct: Account, row: Omit<HistoryRow, 'created_at'>, now: number): void => {
    const h = historyOf(acct);
    h.push({ ...row, created_at: now });
    if (h.length > 5_000) h.shift();
  };

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
    applyFill(engine, acct, o.rt.spec.symbol, o.side, fill.lots, fill.avgPrice, TAKER_FEE, now);
    if (acct.positions.has(o.rt.spec.symbol)) setStops(acct, o.rt.spec.symbol, p);
    const orderId = engine.nextOrderId();
    const lotsText = (n: number): string => formatScaled(n, o.rt.spec.lotExp);
    record(acct, {
      order_id: orderId, client_order_id: cidOf(p), symbol: o.rt.spec.symbol, side: o.side, order_type: 'market', initial_amount: lotsText(lots),
      filled_amount: lotsText(fill.lots), average_filled_price: formatFloat(fill.avgPrice, 8), order_status: fill.lots === lots ? 'filled' : 'cancelled', reduce_only: o.reduceOnly,
    }, now);
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
    applyFill(engine, acct, o.rt.spec.symbol, o.side, fill.lots, fill.avgPrice, TAKER_FEE, now);
    const orderId = engine.nextOrderId();
    record(acct, {
      order_id: orderId, client_order_id: cidOf(p), symbol: o.rt.spec.symbol, side: o.side, order_type: 'limit', initial_amount: formatScaled(lots, o.rt.spec.lotExp),
      filled_amount: formatScaled(fill.lots, o.rt.spec.lotExp), average_filled_price: fill.lots > 0 ? formatFloat(fill.avgPrice, 8) : '0',
      order_status: fill.lots === lots ? 'filled' : p.tif === 'GTC' ? 'open' : 'cancelled', reduce_only: o.reduceOnly,
    }, now);
    if (fill.lots < lots && p.tif === 'GTC') {
      const clientOrderId = typeof p.client_order_id === 'string' ? p.client_order_id : null;
      acct.orders.set(orderId, { orderId, clientOrderId, symbol: o.rt.spec.symbol, side: o.side, priceTicks: price, lots: lots - fill.lots, filledLots: 0, reduceOnly: o.reduceOnly, createdAt: now, updatedAt: now });
    }
    return ok({ order_id: orderId });
  };

  const cancel: SignedFn = (acct, p) => {
    const match = [...acct.orders.values()].find((o) => o.symbol === p.symbol && (o.orderId === p.order_id || (p.client_order_id !== undefined && o.clientOrderId === p.client_order_id)));
    if (!match) return fail(400, 'Order not found', 6);
    acct.orders.delete(match.orderId);
    return ok(null);
  };

  const cancelAll: SignedFn = (acct, p) => {
    if (p.all_symbols !== true && typeof p.symbol !== 'string') return fail(400, 'symbol is required when all_symbols is false');
    let cancelled = 0;
    for (const o of [...acct.orders.values()]) {
      if ((p.all_symbols === true || o.symbol === p.symbol) && !(p.exclude_reduce_only === true && o.reduceOnly)) {
        acct.orders.delete(o.orderId);
        cancelled++;
      }
    }
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

  return new Map<string, Handler>([
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
}

function accountView(engine: VenueEngine, a: Account, now: number): Record<string, unknown> {
  const { upnl, marginUsed } = exposure(engine, a);
  const equity = a.balance + upnl;
  const free = Math.max(0, equity - marginUsed);
  return {
    balance: usd(a.balance), fee_level: 0, maker_fee: String(MAKER_FEE), taker_fee: String(TAKER_FEE), account_equity: usd(equity),
    available_to_spend: usd(free), available_to_withdraw: usd(free), pending_balance: '0', pending_interest: '0', spot_collateral: '0',
    cross_account_equity: usd(equity), spot_market_value: '0', total_margin_used: usd(marginUsed), cross_mmr: usd(marginUsed / 2),
    positions_count: a.positions.size, orders_count: a.orders.size, stop_orders_count: 0, updated_at: now, spot_balances: [],
  };
}

function positionsView(engine: VenueEngine, a: Account): Array<Record<string, unknown>> {
  return [...a.positions].map(([symbol, p]) => {
    const spec = engine.markets.get(symbol)?.spec;
    const decimals = Math.max(0, -(spec?.tickExp ?? 0)) + 4;
    return {
      symbol, side: p.side as BookSide, amount: formatScaled(p.lots, spec?.lotExp ?? 0), entry_price: formatFloat(p.entry, decimals),
      margin: '0', funding: '0', isolated: false, liquidation_price: null, created_at: p.createdAt, updated_at: p.updatedAt,
    };
  });
}

function ordersView(engine: VenueEngine, a: Account): Array<Record<string, unknown>> {
  return [...a.orders.values()].map((o) => {
    const spec = engine.markets.get(o.symbol)?.spec;
    const amount = (lots: number): string => formatScaled(lots, spec?.lotExp ?? 0);
    return {
      order_id: o.orderId, client_order_id: o.clientOrderId, symbol: o.symbol, side: o.side, price: formatScaled(o.priceTicks, spec?.tickExp ?? 0),
      initial_amount: amount(o.lots), filled_amount: amount(o.filledLots), cancelled_amount: '0', stop_price: null, order_type: 'limit',
      stop_parent_order_id: null, reduce_only: o.reduceOnly, created_at: o.createdAt, updated_at: o.updatedAt,
    };
  });
}
