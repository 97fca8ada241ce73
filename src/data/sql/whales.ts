import type { BookSide, WhaleActivity, WhaleType } from '../../engine/core/types.js';
import type { StoredWhale } from '../../engine/ports/store.js';
import { msToTs, num, numOrNull, type Row, type SqlClient, tsToMs } from './sql-client.js';

const COLUMNS = `id, whale_key, symbol, ${tsToMs('detected_at')} AS detected_ms, ${tsToMs('last_seen_at')} AS last_seen_ms,
  whale_type, direction, price_low, price_high, total_volume, total_value_usd, order_count, confidence_score,
  mid_at_detection, market_impact_bps`;

const toWhale = (r: Row): StoredWhale => ({
  id: num(r.id),
  key: String(r.whale_key),
  symbol: String(r.symbol),
  detectedAt: num(r.detected_ms),
  lastSeenAt: num(r.last_seen_ms),
  whaleType: String(r.whale_type) as WhaleType,
  direction: String(r.direction) as BookSide,
  priceLow: num(r.price_low),
  priceHigh: num(r.price_high),
  totalVolume: num(r.total_volume),
  totalValueUsd: num(r.total_value_usd),
  orderCount: num(r.order_count),
  confidence: num(r.confidence_score),
  midAtDetection: num(r.mid_at_detection),
  marketImpactBps: numOrNull(r.market_impact_bps),
});

/**
 * A wall is identified by (key, detectedAt): while it persists the detector reports the same
 * pair and we update that one row; if it vanishes and returns it gets a new detectedAt and row.
 */
export async function upsertWhale(db: SqlClient, w: WhaleActivity): Promise<number> {
  const rows = await db.query(
    `INSERT INTO whale_activities AS w (whale_key, symbol, detected_at, last_seen_at, whale_type, direction, price_low,
       price_high, total_volume, total_value_usd, order_count, confidence_score, mid_at_detection, market_impact_bps)
     VALUES ($1, $2, ${msToTs('$3::float8')}, ${msToTs('$4::float8')}, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (whale_key, detected_at) DO UPDATE SET
       last_seen_at = greatest(w.last_seen_at, EXCLUDED.last_seen_at),
       price_low = EXCLUDED.price_low, price_high = EXCLUDED.price_high, total_volume = EXCLUDED.total_volume,
       total_value_usd = EXCLUDED.total_value_usd, order_count = EXCLUDED.order_count,
       confidence_score = EXCLUDED.confidence_score,
       market_impact_bps = coalesce(EXCLUDED.market_impact_bps, w.market_impact_bps)
     RETURNING id`,
    [
      w.key, w.symbol, w.detectedAt, w.lastSeenAt, w.whaleType, w.direction, w.priceLow, w.priceHigh, w.totalVolume,
      w.totalValueUsd, w.orderCount, w.confidence, w.midAtDetection, w.marketImpactBps,
    ],
  );
  return num(rows[0]?.id);
}

export async function setWhaleImpact(db: SqlClient, id: number, bps: number): Promise<void> {
  await db.query('UPDATE whale_activities SET market_impact_bps = $2 WHERE id = $1', [id, bps]);
}

/** Whales detected before `before` whose 15-minute impact is still unknown, oldest first. */
export async function whalesAwaitingImpact(db: SqlClient, before: number): Promise<StoredWhale[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM whale_activities
     WHERE market_impact_bps IS NULL AND detected_at < ${msToTs('$1::float8')} ORDER BY detected_at, id`,
    [before],
  );
  return rows.map(toWhale);
}

export async function recentWhales(db: SqlClient, limit: number): Promise<StoredWhale[]> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM whale_activities ORDER BY detected_at DESC, id DESC LIMIT $1`, [
    limit,
  ]);
  return rows.map(toWhale);
}
