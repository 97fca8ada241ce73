import type { Tick, Venue } from '../../engine/core/types.js';
import type { InsertTicksResult } from '../../engine/ports/store.js';
import { insertTicksSql, UNNEST_SOURCE, unnestParams } from './tick-insert-sql.js';
import { msToTs, num, type Row, type SqlClient, tsToMs } from './sql-client.js';

const TICK_COLUMNS = `${tsToMs('time')} AS ms, symbol, trade_id, price, volume, side, venue`;

const toTick = (r: Row): Tick => ({
  time: num(r.ms),
  symbol: String(r.symbol),
  tradeId: num(r.trade_id),
  price: num(r.price),
  volume: num(r.volume),
  side: r.side === 'sell' ? 'sell' : 'buy',
  venue: String(r.venue) as Venue,
});

/** Insert idempotently; candles follow in the same statement unless TimescaleDB maintains them. */
export async function insertTicks(db: SqlClient, ticks: readonly Tick[], timescale: boolean): Promise<InsertTicksResult> {
  if (ticks.length === 0) return { inserted: 0 };
  const rows = await db.query(insertTicksSql(UNNEST_SOURCE, !timescale), unnestParams(ticks));
  return { inserted: num(rows[0]?.inserted ?? 0) };
}

export async function findTicks(db: SqlClient, symbol: string, from: number, to: number): Promise<Tick[]> {
  const rows = await db.query(
    `SELECT ${TICK_COLUMNS} FROM ticks WHERE symbol = $1 AND time >= ${msToTs('$2::float8')} AND time < ${msToTs('$3::float8')}
     ORDER BY time, trade_id`,
    [symbol, from, to],
  );
  return rows.map(toTick);
}

/** One index probe per pair rather than a scan of all ticks. */
export async function lastTicks(db: SqlClient): Promise<Map<string, Tick>> {
  const rows = await db.query(
    `SELECT t.* FROM pairs p CROSS JOIN LATERAL (
       SELECT ${TICK_COLUMNS} FROM ticks WHERE ticks.symbol = p.symbol ORDER BY time DESC, trade_id DESC LIMIT 1) t`,
  );
  return new Map(rows.map((r) => [String(r.symbol), toTick(r)]));
}

export async function countTicks(db: SqlClient, symbol?: string): Promise<number> {
  const rows =
    symbol === undefined
      ? await db.query('SELECT count(*)::float8 AS n FROM ticks')
      : await db.query('SELECT count(*)::float8 AS n FROM ticks WHERE symbol = $1', [symbol]);
  return num(rows[0]?.n ?? 0);
}

/**
 * Delete ticks older than `before`, `batchSize` rows per statement, so retention never holds a
 * long lock or a huge transaction while the writer is inserting.
 */
export async function pruneTicks(db: SqlClient, before: number, batchSize: number): Promise<number> {
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`batchSize must be a positive integer: ${batchSize}`);
  let total = 0;
  for (;;) {
    const rows = await db.query(
      `WITH doomed AS (
         SELECT symbol, time, trade_id FROM ticks WHERE time < ${msToTs('$1::float8')} LIMIT $2),
       gone AS (
         DELETE FROM ticks t USING doomed d
         WHERE t.symbol = d.symbol AND t.time = d.time AND t.trade_id = d.trade_id
         RETURNING 1)
       SELECT count(*)::integer AS n FROM gone`,
      [before, batchSize],
    );
    const n = num(rows[0]?.n ?? 0);
    total += n;
    if (n < batchSize) return total;
  }
}
