/**
 * The broker port: where orders leave the console. Implemented by the paper broker
 * (src/data/paper) and by the Pacifica REST broker. Amounts are tokens, prices USD.
 * Every order carries the console's client_order_id (a UUID, Pacifica's
 * `client_order_id`), so an outcome unknown after a crash is found by it.
 */
import type { OrderStatus, TradingMode } from '../core/spine/engine-state.js';

export type OrderSide = 'buy' | 'sell';

export interface PlaceOrderRequest {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: 'market' | 'limit';
  readonly amount: number;
  /** Limit price (limit orders only). */
  readonly price: number | null;
  readonly reduceOnly: boolean;
  /** Market orders: largest accepted move from the mark, percent (venue `slippage_percent`). */
  readonly slippagePct?: number;
}

/** An order as the venue knows it: what was asked (less the slippage cap), with cumulative fill figures. */
export interface VenueOrder extends Omit<PlaceOrderRequest, 'slippagePct'> {
  readonly venueOrderId: string | null;
  readonly status: OrderStatus;
  readonly filled: number;
  readonly avgFillPrice: number | null;
  /** Fees paid on this order so far (USD). */
  readonly fee: number;
  /** Why it was rejected, cancelled or expired. */
  readonly reason: string | null;
  readonly updatedAt: number;
}

export interface VenuePosition {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly amount: number;
  readonly entryPrice: number;
  /** Funding received (+) or paid (-) so far. */
  readonly funding: number;
}

export interface VenueAccount {
  readonly balance: number;
  readonly equity: number;
  /** The account's taker fee (fraction), when the venue reports it. */
  readonly takerFee: number | null;
}

/** Funding paid or received on one position. */
export interface FundingPayment {
  readonly symbol: string;
  readonly rate: number;
  /** Negative = paid. */
  readonly amount: number;
  readonly at: number;
}

export interface Exchange {
  readonly mode: TradingMode;
  /**
   * Send an order. Resolves with the order after the venue's answer (a market order
   * after its fill). Throws a NexwaveError: retryable ones (network, timeout, 429) mean
   * the outcome is unknown and must be checked with getOrder before any resend.
   */
  placeOrder(o: PlaceOrderRequest): Promise<VenueOrder>;
  /** The order with this client id, or null when the venue never got it. */
  getOrder(clientOrderId: string, symbol: string): Promise<VenueOrder | null>;
  cancelOrder(symbol: string, clientOrderId: string): Promise<void>;
  /** Cancel every open order; resolves with how many were cancelled. */
  cancelAll(): Promise<number>;
  openOrders(): Promise<VenueOrder[]>;
  positions(): Promise<VenuePosition[]>;
  account(): Promise<VenueAccount>;
  /** Order changes pushed by the venue (fills of resting orders, cancels). */
  onOrderUpdate(listener: (o: VenueOrder) => void): () => void;
  /** Every open position, after each change the venue reports (absent: positions are read, never pushed). */
  onPositions?(listener: (positions: readonly VenuePosition[]) => void): () => void;
  /** Account figures as the venue pushes them (absent: the account is read, never pushed). */
  onAccount?(listener: (a: VenueAccount) => void): () => void;
  onFunding?(listener: (p: FundingPayment) => void): () => void;
}
