/**
 * What happens to a simulated account, as the matching code reports it: fills (the account's
 * own trades, with fee and realized PnL), order lifecycle changes and position changes. The
 * account channels (account-channels.ts) turn these into the venue's pushes
 * (pacifica-api.md §1.4); the REST layer uses them to keep its order history current.
 */
import type { BookSide } from '../../engine/core/types.js';
import type { Account } from './accounts.js';

/** Venue order status (`os`). */
export type SimOrderStatus = 'open' | 'partially_filled' | 'filled' | 'cancelled';

/** One order after a change. Amounts in lots, prices in USD (0 = none). */
export interface OrderEvent {
  readonly orderId: number;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: BookSide;
  readonly type: 'limit' | 'market';
  /** Limit price (USD); 0 for market orders. */
  readonly price: number;
  readonly lots: number;
  readonly filledLots: number;
  /** Average fill price (USD); 0 before the first fill. */
  readonly avgPrice: number;
  readonly status: SimOrderStatus;
  /** Venue order event (`oe`): make, fulfill_market, fulfill_limit, cancel. */
  readonly event: string;
  readonly reduceOnly: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One fill of an account's order. */
export interface TradeEvent {
  readonly orderId: number;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: BookSide;
  readonly lots: number;
  /** Fill price (USD). */
  readonly price: number;
  /** The position's entry price before this fill (USD; the fill price when none). */
  readonly entry: number;
  /** Fee paid (USD, positive). */
  readonly fee: number;
  /** Realized PnL of the reducing part (USD). */
  readonly pnl: number;
  readonly maker: boolean;
  /** open_long | open_short | close_long | close_short. */
  readonly tradeSide: string;
  readonly time: number;
}

/** Receives account changes; calls for one change come in the order trade, order, positions. */
export interface AccountSink {
  traded(acct: Account, t: TradeEvent): void;
  orderChanged(acct: Account, o: OrderEvent): void;
  /** Positions of `symbols` changed (a closed one is gone from the account); account figures changed. */
  changed(acct: Account, symbols: readonly string[]): void;
}

export const NO_SINK: AccountSink = { traded: () => {}, orderChanged: () => {}, changed: () => {} };
