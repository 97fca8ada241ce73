/**
 * REST views of a simulated account (pacifica-api.md §2.4): `/account`, `/positions` and
 * `/orders` data, decimals as strings.
 */
import type { BookSide } from '../../engine/core/types.js';
import { exposure, MAKER_FEE, TAKER_FEE, type Account } from './accounts.js';
import { formatFloat, formatScaled } from './decimal.js';
import type { VenueEngine } from './engine.js';

export const usd = (x: number): string => formatFloat(x, 6);

export function accountView(engine: VenueEngine, a: Account, now: number): Record<string, unknown> {
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

export function positionsView(engine: VenueEngine, a: Account): Array<Record<string, unknown>> {
  return [...a.positions].map(([symbol, p]) => {
    const spec = engine.markets.get(symbol)?.spec;
    const decimals = Math.max(0, -(spec?.tickExp ?? 0)) + 4;
    return {
      symbol, side: p.side as BookSide, amount: formatScaled(p.lots, spec?.lotExp ?? 0), entry_price: formatFloat(p.entry, decimals),
      margin: '0', funding: '0', isolated: false, liquidation_price: null, created_at: p.createdAt, updated_at: p.updatedAt,
    };
  });
}

export function ordersView(engine: VenueEngine, a: Account): Array<Record<string, unknown>> {
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
