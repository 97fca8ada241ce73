/**
 * REST `/info` -> MarketInfo[] (pacifica-api.md §2.3). Sizes are decimal strings;
 * `min_order_size` / `max_order_size` are USD notional. Each market is checked field by
 * field against what a `pairs` row can hold (core/pair-limits.ts): a bad one is counted
 * and dropped, the others are kept.
 */
import { z } from 'zod';
import { MAX_LEVERAGE, marketProblem, PAIR_SYMBOL } from '../../engine/core/pair-limits.js';
import type { MarketInfo } from '../../engine/ports/market-rest.js';
import { parseEach, positiveDecimal, type ParsedList } from './schema-primitives.js';

const marketSchema = z
  .object({
    symbol: z.string().regex(PAIR_SYMBOL, 'bad symbol'),
    tick_size: positiveDecimal,
    lot_size: positiveDecimal,
    max_leverage: z.number().int().min(1).max(MAX_LEVERAGE),
    isolated_only: z.boolean(),
    min_order_size: positiveDecimal,
    max_order_size: positiveDecimal,
  })
  .transform(
    (m): MarketInfo => ({
      symbol: m.symbol,
      tickSize: m.tick_size,
      lotSize: m.lot_size,
      maxLeverage: m.max_leverage,
      minOrderSize: m.min_order_size,
      maxOrderSize: m.max_order_size,
      isolatedOnly: m.isolated_only,
    }),
  )
  .refine((m) => marketProblem(m) === null, 'out of range');

/*
 * Sample (pacifica-api.md §2.3 field table with its BTC example values):
 * {"success":true,"data":[{"symbol":"BTC","tick_size":"1","min_tick":"0","max_tick":"1000000",
 *  "lot_size":"0.00001","max_leverage":50,"isolated_only":false,"min_order_size":"10",
 *  "max_order_size":"5000000","funding_rate":"0.0000125","next_funding_rate":"0.0000125",
 *  "created_at":1748881333944}],"error":null,"code":null}
 */
/** Parse the `/info` data array; invalid markets are counted, not thrown. */
export function parseInfo(data: unknown): ParsedList<MarketInfo> | null {
  return parseEach(data, marketSchema, (m) => m);
}
