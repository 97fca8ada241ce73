import type { Category, Pair } from '../../engine/core/types.js';
import { num, pgArray, type SqlClient } from './sql-client.js';

export async function loadPairs(db: SqlClient): Promise<Pair[]> {
  const rows = await db.query(
    `SELECT symbol, category, max_leverage, min_order_size, tick_size, lot_size, whale_threshold_usd, is_active,
            display_name
     FROM pairs ORDER BY symbol`,
  );
  return rows.map((r) => ({
    symbol: String(r.symbol),
    category: String(r.category) as Category,
    maxLeverage: num(r.max_leverage),
    minOrderSize: num(r.min_order_size),
    tickSize: num(r.tick_size),
    lotSize: num(r.lot_size),
    whaleThresholdUsd: num(r.whale_threshold_usd),
    isActive: r.is_active === true,
    displayName: String(r.display_name),
  }));
}

/**
 * Venue `/info` sync. Existing pairs take the venue's sizes and leverage but keep our category,
 * threshold, name and active flag; a symbol we have never seen arrives inactive, because
 * trading a market nobody reviewed is a decision, not a side effect of a sync.
 */
export async function upsertPairs(db: SqlClient, pairs: readonly Pair[]): Promise<void> {
  if (pairs.length === 0) return;
  const col = (f: (p: Pair) => string | number): string => pgArray(pairs.map(f));
  await db.query(
    `INSERT INTO pairs (symbol, category, max_leverage, min_order_size, tick_size, lot_size, whale_threshold_usd,
       display_name, is_active)
     SELECT symbol, category, max_leverage, min_order_size, tick_size, lot_size, whale_threshold_usd, display_name, false
     FROM unnest($1::text[], $2::text[], $3::integer[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[])
       AS u(symbol, category, max_leverage, min_order_size, tick_size, lot_size, whale_threshold_usd, display_name)
     ON CONFLICT (symbol) DO UPDATE SET
       max_leverage = EXCLUDED.max_leverage, min_order_size = EXCLUDED.min_order_size,
       tick_size = EXCLUDED.tick_size, lot_size = EXCLUDED.lot_size`,
    [
      col((p) => p.symbol),
      col((p) => p.category),
      col((p) => p.maxLeverage),
      col((p) => p.minOrderSize),
      col((p) => p.tickSize),
      col((p) => p.lotSize),
      col((p) => p.whaleThresholdUsd),
      col((p) => p.displayName),
    ],
  );
}
