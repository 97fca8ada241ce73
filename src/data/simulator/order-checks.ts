/**
 * Validation of signed order payloads, with the venue's answers (pacifica-api.md §2.1):
 * an off-tick price or off-lot amount gets HTTP 500 "Internal server error" (not a 4xx),
 * a bad symbol code 3, too small / too large code 7 / 8, insufficient margin code 5.
 */
import type { BookSide } from '../../engine/core/types.js';
import { exposure, type Account } from './accounts.js';
import { parseDecimal, parseScaled } from './decimal.js';
import type { MarketRuntime, VenueEngine } from './engine.js';
import { fail, type RestResponse } from './http.js';

const MIN_ORDER_USD = 10;
const MAX_ORDER_USD = 5_000_000;

/** The common fields of an order payload, parsed. */
export interface OrderBasics {
  readonly rt: MarketRuntime;
  readonly side: BookSide;
  readonly lots: number;
  readonly reduceOnly: boolean;
}

/** Narrow a check result. */
export const isFailure = (r: unknown): r is RestResponse => r !== null && typeof r === 'object' && 'status' in r && 'body' in r;

/** The venue's answer to an off-grid price or amount. */
export const offGrid = (): RestResponse => fail(500, 'Internal server error');

/** Parse a price string on the market's tick grid. */
export function priceTicksOf(rt: MarketRuntime, text: unknown): number | RestResponse {
  if (parseDecimal(text) === null) return fail(400, 'Invalid price');
  const ticks = parseScaled(text, rt.spec.tickExp);
  return ticks === null || ticks <= 0 ? offGrid() : ticks;
}

/** Parse symbol, side, amount and reduce_only. */
export function orderBasics(engine: VenueEngine, p: Record<string, unknown>): OrderBasics | RestResponse {
  const rt = typeof p.symbol === 'string' ? engine.markets.get(p.symbol) : undefined;
  if (!rt) return fail(400, `Book not found: ${String(p.symbol)}`, 3);
  if (p.side !== 'bid' && p.side !== 'ask') return fail(400, 'side must be "bid" or "ask"');
  if (parseDecimal(p.amount) === null) return fail(400, 'Invalid amount');
  const lots = parseScaled(p.amount, rt.spec.lotExp);
  if (lots === null) return offGrid();
  if (lots <= 0) return fail(400, 'Amount too low', 7);
  if (p.reduce_only !== undefined && typeof p.reduce_only !== 'boolean') return fail(400, 'reduce_only must be a boolean');
  return { rt, side: p.side, lots, reduceOnly: p.reduce_only === true };
}

/**
 * Size and margin checks at `priceUsd`; returns the lots to trade (reduce-only orders are
 * clamped to the open position and never open one).
 */
export function riskCheck(engine: VenueEngine, acct: Account, o: OrderBasics, priceUsd: number): number | RestResponse {
  const notional = o.lots * o.rt.spec.lotSize * priceUsd;
  if (notional < MIN_ORDER_USD) return fail(400, `Amount too low: order notional ${notional.toFixed(2)} USD is below ${MIN_ORDER_USD}`, 7);
  if (notional > MAX_ORDER_USD) return fail(400, 'Amount too high', 8);
  const pos = acct.positions.get(o.rt.spec.symbol);
  if (o.reduceOnly) {
    if (!pos || pos.side === o.side) return fail(400, 'Reduce-only order would increase the position', 21);
    return Math.min(o.lots, pos.lots);
  }
  const { upnl, marginUsed } = exposure(engine, acct);
  const leverage = acct.leverage.get(o.rt.spec.symbol) ?? o.rt.spec.maxLeverage;
  if (marginUsed + notional / leverage > acct.balance + upnl) return fail(400, 'Insufficient balance', 5);
  return o.lots;
}
