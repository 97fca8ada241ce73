/**
 * Simple per-account trading state for the simulated venue: USD balance, one net position per
 * symbol (cross margin), open limit orders, leverage and position TP/SL. Taker orders fill
 * against the current book levels (each level fill becomes a venue trade); resting orders and
 * TP/SL triggers are checked on every engine step. Fees: taker 0.04 %, maker 0.015 %.
 */
import type { BookSide } from '../../engine/core/types.js';
import type { AccountSink, OrderEvent } from './account-events.js';
import type { VenueEngine } from './engine.js';

export const TAKER_FEE = 0.0004;
export const MAKER_FEE = 0.00015;

/** A net position; `side` bid = long. */
export interface Position {
  side: BookSide;
  lots: number;
  /** Average entry price (USD). */
  entry: number;
  createdAt: number;
  updatedAt: number;
  takeProfitTicks?: number;
  stopLossTicks?: number;
}

/** A resting limit order; `lots` is the original amount, `filledLots` what filled so far. */
export interface Order {
  readonly orderId: number;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: BookSide;
  readonly priceTicks: number;
  readonly lots: number;
  filledLots: number;
  /** Average fill price so far (USD; 0 before the first fill). */
  avgPrice: number;
  readonly reduceOnly: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

/** One account. */
export interface Account {
  /** The account's public key. */
  readonly id: string;
  balance: number;
  readonly positions: Map<string, Position>;
  readonly orders: Map<number, Order>;
  readonly leverage: Map<string, number>;
}

/** Fill summary of a taker order. */
export interface Fill {
  readonly lots: number;
  readonly avgPrice: number;
}

/** What a fill did to the account. */
export interface FillEffect {
  readonly fee: number;
  readonly pnl: number;
  /** Entry price before the fill (the fill price when there was no position). */
  readonly entry: number;
  /** open_long | open_short | close_long | close_short (close when it reduced a position). */
  readonly tradeSide: string;
}

/** Apply a fill to the account: net the position, realize PnL on the reducing part, charge the fee. */
export function applyFill(engine: VenueEngine, acct: Account, symbol: string, side: BookSide, lots: number, price: number, fee: number, now: number): FillEffect {
  const spec = engine.markets.get(symbol)?.spec;
  const pos = acct.positions.get(symbol);
  const open = side === 'bid' ? 'open_long' : 'open_short';
  if (!spec || lots <= 0) return { fee: 0, pnl: 0, entry: price, tradeSide: open };
  const paid = lots * spec.lotSize * price * fee;
  acct.balance -= paid;
  if (!pos) {
    acct.positions.set(symbol, { side, lots, entry: price, createdAt: now, updatedAt: now });
    return { fee: paid, pnl: 0, entry: price, tradeSide: open };
  }
  const entry = pos.entry;
  if (pos.side === side) {
    pos.entry = (pos.entry * pos.lots + price * lots) / (pos.lots + lots);
    pos.lots += lots;
    pos.updatedAt = now;
    return { fee: paid, pnl: 0, entry, tradeSide: open };
  }
  const closing = Math.min(pos.lots, lots);
  const direction = pos.side === 'bid' ? 1 : -1;
  const pnl = closing * spec.lotSize * (price - pos.entry) * direction;
  acct.balance += pnl;
  pos.lots -= closing;
  pos.updatedAt = now;
  const rest = lots - closing;
  if (pos.lots === 0) acct.positions.delete(symbol);
  if (rest > 0) acct.positions.set(symbol, { side, lots: rest, entry: price, createdAt: now, updatedAt: now });
  return { fee: paid, pnl, entry, tradeSide: pos.side === 'bid' ? 'close_long' : 'close_short' };
}

/** Report one fill of an order: its trade, then the order as it now stands, then positions and account. */
export function reportFill(sink: AccountSink, acct: Account, order: OrderEvent, lots: number, price: number, effect: FillEffect, maker: boolean): void {
  sink.traded(acct, {
    orderId: order.orderId, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, lots, price, entry: effect.entry,
    fee: effect.fee, pnl: effect.pnl, maker, tradeSide: effect.tradeSide, time: order.updatedAt,
  });
  sink.orderChanged(acct, order);
  sink.changed(acct, [order.symbol]);
}

/**
 * Take liquidity: walk the opposite side of the current book up to `limitTicks` (inclusive),
 * emitting one venue trade per level touched. Returns what filled (possibly nothing).
 */
export function takeLiquidity(engine: VenueEngine, symbol: string, side: BookSide, lots: number, limitTicks: number): Fill {
  const book = engine.book(symbol);
  const levels = side === 'bid' ? book.asks : book.bids;
  const spec = engine.markets.get(symbol)?.spec;
  if (!spec) return { lots: 0, avgPrice: 0 };
  let left = lots;
  let notionalTicks = 0;
  for (const level of levels) {
    if (left === 0 || (side === 'bid' ? level.priceTicks > limitTicks : level.priceTicks < limitTicks)) break;
    const take = Math.min(left, level.lots);
    engine.emitTakerTrade(symbol, side === 'bid', level.priceTicks, take, engine.generatedUntil());
    notionalTicks += take * level.priceTicks;
    left -= take;
  }
  const filled = lots - left;
  return { lots: filled, avgPrice: filled === 0 ? 0 : (notionalTicks / filled) * spec.tickSize };
}

/** Unrealized PnL and margin used across positions at current mids. */
export function exposure(engine: VenueEngine, acct: Account): { upnl: number; marginUsed: number } {
  let upnl = 0;
  let marginUsed = 0;
  for (const [symbol, pos] of acct.positions) {
    const rt = engine.markets.get(symbol);
    if (!rt) continue;
    const touch = engine.touch(symbol);
    const mark = ((touch.bid + touch.ask) / 2) * rt.spec.tickSize;
    const size = pos.lots * rt.spec.lotSize;
    upnl += size * (mark - pos.entry) * (pos.side === 'bid' ? 1 : -1);
    marginUsed += (size * mark) / (acct.leverage.get(symbol) ?? rt.spec.maxLeverage);
  }
  return { upnl, marginUsed };
}

/** Fill resting orders the market crossed (at the order price, maker fee). */
function matchResting(engine: VenueEngine, acct: Account, now: number, sink: AccountSink): void {
  for (const order of [...acct.orders.values()]) {
    const touch = engine.touch(order.symbol);
    const crossed = order.side === 'bid' ? touch.ask <= order.priceTicks : touch.bid >= order.priceTicks;
    if (!crossed) continue;
    const lots = order.lots - order.filledLots;
    const spec = engine.markets.get(order.symbol)?.spec;
    if (!spec) continue;
    const price = order.priceTicks * spec.tickSize;
    engine.emitTakerTrade(order.symbol, order.side === 'ask', order.priceTicks, lots, now);
    const effect = applyFill(engine, acct, order.symbol, order.side, lots, price, MAKER_FEE, now);
    order.avgPrice = (order.avgPrice * order.filledLots + price * lots) / order.lots;
    order.filledLots = order.lots;
    order.updatedAt = now;
    acct.orders.delete(order.orderId);
    reportFill(sink, acct, { ...restingEvent(order, spec.tickSize), status: 'filled', event: 'fulfill_limit' }, lots, price, effect, true);
  }
}

/** A resting order as an order event (status and event filled in by the caller). */
export function restingEvent(o: Order, tickSize: number): Omit<OrderEvent, 'status' | 'event'> {
  return {
    orderId: o.orderId, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: 'limit', price: o.priceTicks * tickSize, lots: o.lots,
    filledLots: o.filledLots, avgPrice: o.avgPrice, reduceOnly: o.reduceOnly, createdAt: o.createdAt, updatedAt: o.updatedAt,
  };
}

/** Close positions whose TP or SL the touch has reached (at the touch, taker fee). */
function triggerStops(engine: VenueEngine, acct: Account, now: number, sink: AccountSink): void {
  for (const [symbol, pos] of [...acct.positions]) {
    if (pos.takeProfitTicks === undefined && pos.stopLossTicks === undefined) continue;
    const touch = engine.touch(symbol);
    const exit = pos.side === 'bid' ? touch.bid : touch.ask;
    const sign = pos.side === 'bid' ? 1 : -1;
    const hitTp = pos.takeProfitTicks !== undefined && sign * (exit - pos.takeProfitTicks) >= 0;
    const hitSl = pos.stopLossTicks !== undefined && sign * (exit - pos.stopLossTicks) <= 0;
    if (!hitTp && !hitSl) continue;
    const closeSide: BookSide = pos.side === 'bid' ? 'ask' : 'bid';
    const lots = pos.lots;
    const fill = takeLiquidity(engine, symbol, closeSide, lots, closeSide === 'bid' ? Number.MAX_SAFE_INTEGER : 0);
    const effect = applyFill(engine, acct, symbol, closeSide, fill.lots, fill.avgPrice, TAKER_FEE, now);
    const order: OrderEvent = {
      orderId: engine.nextOrderId(), clientOrderId: null, symbol, side: closeSide, type: 'market', price: 0, lots, filledLots: fill.lots, avgPrice: fill.avgPrice,
      status: fill.lots === lots ? 'filled' : 'cancelled', event: 'fulfill_market', reduceOnly: true, createdAt: now, updatedAt: now,
    };
    reportFill(sink, acct, order, fill.lots, fill.avgPrice, effect, false);
  }
}

/** Per-step matching for every account. */
export function onAccountsStep(engine: VenueEngine, accounts: ReadonlyMap<string, Account>, now: number, sink: AccountSink): void {
  for (const acct of accounts.values()) {
    if (acct.orders.size > 0) matchResting(engine, acct, now, sink);
    if (acct.positions.size > 0) triggerStops(engine, acct, now, sink);
  }
}
