/**
 * WS `prices` channel and REST `/info/prices` -> PriceUpdate[] (pacifica-api.md §1.3, §2.3).
 * Full field names here, no short keys. `volume_24h` is a rolling USD total: display only.
 */
import { z } from 'zod';
import type { PriceUpdate } from '../../engine/core/types.js';
import { decimal, epochMs, nonNegativeDecimal, parseEach, positiveDecimal, symbol, type ParsedList } from './schema-primitives.js';

const priceSchema = z.object({
  symbol,
  timestamp: epochMs,
  mark: positiveDecimal,
  mid: positiveDecimal,
  oracle: positiveDecimal,
  funding: decimal,
  next_funding: decimal,
  open_interest: nonNegativeDecimal,
  volume_24h: nonNegativeDecimal,
});

/*
 * Sample (pacifica-api.md §1.3, DOCS subscriptions/prices.md):
 * {"channel":"prices","data":[{"funding":"0.0000125","mark":"105473","mid":"105476",
 *  "next_funding":"0.0000125","open_interest":"0.00524","oracle":"105473","symbol":"BTC",
 *  "timestamp":1749051612681,"volume_24h":"63265.87522","yesterday_price":"955476"}]}
 */
/** Parse the prices array; invalid elements are counted, not thrown. */
export function parsePrices(data: unknown): ParsedList<PriceUpdate> | null {
  return parseEach(data, priceSchema, (r): PriceUpdate => ({
    symbol: r.symbol,
    time: r.timestamp,
    mark: r.mark,
    mid: r.mid,
    oracle: r.oracle,
    funding: r.funding,
    nextFunding: r.next_funding,
    openInterest: r.open_interest,
    volume24h: r.volume_24h,
  }));
}
