/**
 * Persistence of trading: orders (recorded before they are sent), positions per
 * (mode, strategy, symbol), the trading state (a restart comes back in it) and the paper
 * account. Implemented over SQL in src/data/sql/trading.ts.
 */
import type { OrderView, TradingMode, TradingStatus } from '../core/spine/engine-state.js';
import type { BookPosition } from '../core/trading/position.js';

export interface TradingStore {
  /** Insert or update the order (by client_order_id). */
  saveOrder(o: OrderView): Promise<void>;
  /** A fill in one transaction: the order and the position it moved (deleted when `closed`). */
  saveFill(o: OrderView, p: BookPosition, closed: boolean): Promise<void>;
  /** Orders not yet filled, cancelled, rejected or expired. */
  loadOpenOrders(mode: TradingMode): Promise<OrderView[]>;
  savePosition(p: BookPosition): Promise<void>;
  deletePosition(mode: TradingMode, strategyId: string, symbol: string): Promise<void>;
  loadPositions(mode: TradingMode): Promise<BookPosition[]>;
  /** Append the change (the seed's trading_state is a history; the newest row is the state). */
  saveTradingState(s: TradingStatus, mode: TradingMode): Promise<void>;
  loadTradingState(): Promise<TradingStatus | null>;
  /** The paper venue's whole state (balance, positions, orders) as one JSON document. */
  savePaperState(doc: unknown): Promise<void>;
  loadPaperState(): Promise<unknown>;
}
