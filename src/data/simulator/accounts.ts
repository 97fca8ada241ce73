/**
 * Simple per-account trading state for the simulated venue: USD balance, one net position per
 * symbol (cross margin), open limit orders, leverage and position TP/SL. Taker orders fill
 * against the current book levels (each level fill becomes a venue trade); resting orders and
 * TP/SL triggers are checked on every engine step. Fees: taker 0.04 %, maker 0.015 %.
 */
import type { BookSide } from '../../engine/core/types.js';
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

/** A resting limit order. */
export interface Order {
  readonly orderId: number;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: BookSide;
  readonly priceTicks: number;
  readonly lots: number;
  filledLots: number;
  readonly reduceOnly: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

/** One account. */
export interface Account {
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

/** Apply a fill to the account: net the position, realize PnL on the reducing part, charge the fee. */
export function applyFill(engine: VenueEngine, acct: Account, symbol: string, side: BookSide, lots: number, price: number, fee: number, now: number): void {
  const spec = engine.markets.get(symbol)?.spec;
  if (!spec || lots <= 0) return;
  acct.balance -= lots * spec.lotSize * price * fee;
  const pos = acct.positions.get(symbol);
  if (!pos) {
    acct.positions.set(symbol, { side, lots, entry: price, createdAt: now, updatedAt: now });
    return;
  }
  if (pos.side === side) {
    pos.entry = (pos.entry * pos.lots + price * lots) / (pos.lots + lots);
    pos.lots += lots;
    pos.updatedAt = now;
    return;
  }
  const closing = Math.min(pos.lots, lots);
  const direction = pos.side === 'bid' ? 1 : -1;
  acct.balance += closing * spec.lotSize * (price - pos.entry) * direction;
  pos.lots -= closing;
  pos.updatedAt = now;
  const rest = lots - closing;
  if (pos.lots === 0) acct.positions.delete(symbol);
  if (rest > 0) acct.positions.set(symbol, { side, lots: rest, entry: price, createdAt: now, updatedAt: now });
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
function matchResting(engine: VenueEngine, acct: Account, now: number): void {
  for (const order of [...acct.orders.values()]) {
    const touch = engine.touch(order.symbol);
    const crossed = order.side === 'bid' ? touch.ask <= order.priceTicks : touch.bid >= order.priceTicks;
    if (!crossed) continue;
    const lots = order.lots - order.filledLots;
    const spec = engine.markets.get(order.symbol)?.spec;
    if (!spec) continue;
    engine.emitTakerTrade(order.symbol, order.side === 'ask', order.priceTicks, lots, now);
    applyFill(engine, acct, order.symbol, order.side, lots, order.priceTicks * spec.tickSize, MAKER_FEE, now);
    acct.orders.delete(order.orderId);
  }
}

/** Close positions whose TP or SL the touch has reached (at the touch, taker fee). */
function triggerStops(engine: VenueEngine, acct: Account, now: number): void {
  for (const [symbol, pos] of [...acct.positions]) {
    if (pos.takeProfitTicks === undefined && pos.stopLossTicks === undefined) continue;
    const touch = engine.touch(symbol);
    const exit = pos.side === 'bid' ? touch.bid : touch.ask;
    const sign = pos.side === 'bid' ? 1 : -1;
    const hitTp = pos.takeProfitTicks !== undefined && sign * (exit - pos.takeProfitTicks) >= 0;
    const hitSl = pos.stopLossTicks !== undefined && sign * (exit - pos.stopLossTicks) <= 0;
    if (!hitTp && !hitSl) continue;
    const closeSide: BookSide = pos.side === 'bid' ? 'ask' : 'bid';
    const fill = takeLiquidity(engine, symbol, closeSide, pos.lots, closeSide === 'bid' ? Number.MAX_SAFE_INTEGER : 0);
    applyFill(engine, acct, symbol, closeSide, fill.lots, fill.avgPrice, TAKER_FEE, now);
  }
}

/** Per-step matching for every account. */
export function onAccountsStep(engine: VenueEngine, accounts: ReadonlyMap<string, Account>, now: number): void {
  for (const acct of accounts.values()) {
    if (acct.orders.size > 0) matchResting(engine, acct, now);
    if (acct.positions.size > 0) triggerStops(engine, acct, now);
  }
}
