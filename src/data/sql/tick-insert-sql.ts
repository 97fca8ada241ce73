import { TIMEFRAMES, TIMEFRAME_MS, type Tick } from '../../engine/core/types.js';
import { msToTs, pgArray } from './sql-client.js';

/**
 * Rows to insert as a SELECT over `$1..$7` arrays, columns (ms, symbol, trade_id, price, volume,
 * side, venue). One statement regardless of batch size: no per-row round trips.
 */
export const UNNEST_SOURCE = `SELECT * FROM unnest($1::float8[], $2::text[], $3::bigint[], $4::float8[], $5::float8[],
  $6::text[], $7::text[]) AS u(ms, symbol, trade_id, price, volume, side, venue)`;

/** Parameters for `UNNEST_SOURCE`. */
export function unnestParams(ticks: readonly Tick[]): string[] {
  return [
    pgArray(ticks.map((t) => t.time)),
    pgArray(ticks.map((t) => t.symbol)),
    pgArray(ticks.map((t) => t.tradeId)),
    pgArray(ticks.map((t) => t.price)),
    pgArray(ticks.map((t) => t.volume)),
    pgArray(ticks.map((t) => t.side)),
    pgArray(ticks.map((t) => t.venue)),
  ];
}

/**
 * One statement: insert ticks from `source` (ON CONFLICT DO NOTHING) and, when `withCandles`,
 * upsert all six candle tables from the rows the INSERT actually returned, so a retried or
 * replayed batch adds nothing twice. Result: one row `{ inserted }`.
 *
 * Candles: the inserted rows are reduced to per-minute partials first (open/close carry their
 * (time, trade_id) so merges stay exact), then each timeframe reduces those partials.
 */
export function insertTicksSql(source: string, withCandles: boolean): string {
  const ins = `ins AS (
    INSERT INTO ticks (time, symbol, trade_id, price, volume, side, venue)
    SELECT ${msToTs('ms')}, symbol, trade_id, price, volume, side, venue FROM input
    ON CONFLICT (symbol, time, trade_id) DO NOTHING
    RETURNING time, symbol, trade_id, price, volume, side)`;
  const ctes = [`input AS (${source})`, ins];
  if (withCandles) ctes.push(minutePartials(), ...TIMEFRAMES.map((tf) => candleUpsert(tf)));
  return `WITH ${ctes.join(',\n')}\nSELECT count(*)::integer AS inserted FROM ins`;
}

/** Epoch-aligned UTC bucket start of `time` (date_trunc would follow the session time zone). */
const bucketExpr = (secs: number): string =>
  `timestamptz 'epoch' + floor(extract(epoch FROM time) / ${secs})::float8 * ${secs} * interval '1 second'`;

function minutePartials(): string {
  return `m1 AS (
    SELECT symbol, ${bucketExpr(60)} AS time,
      (array_agg(price ORDER BY time, trade_id))[1] AS open, max(price) AS high, min(price) AS low,
      (array_agg(price ORDER BY time DESC, trade_id DESC))[1] AS close,
      sum(volume) AS volume, sum(price * volume) AS pv, count(*) AS n,
      coalesce(sum(volume) FILTER (WHERE side = 'buy'), 0) AS buy,
      coalesce(sum(volume) FILTER (WHERE side = 'sell'), 0) AS sell,
      min(time) AS open_time, (array_agg(trade_id ORDER BY time, trade_id))[1] AS open_id,
      max(time) AS close_time, (array_agg(trade_id ORDER BY time DESC, trade_id DESC))[1] AS close_id
    FROM ins GROUP BY 1, 2)`;
}

/**
 * Merge rule (core/candle-seed.ts: stored > live > backfill): a row built from stored ticks
 * merges the new rows; a venue backfill row is replaced outright, because a bucket only
 * holds backfill while none of its ticks were stored. Earlier (time, id) wins the open.
 */
const BACKFILL = "c.source = 'backfill'";
const OPEN_NEW = `(${BACKFILL} OR (EXCLUDED.open_time, EXCLUDED.open_trade_id) < (c.open_time, c.open_trade_id))`;
const CLOSE_NEW = `(${BACKFILL} OR (EXCLUDED.close_time, EXCLUDED.close_trade_id) > (c.close_time, c.close_trade_id))`;
/** The existing value to add to, or 0 when the row is backfill being replaced. */
const kept = (col: string): string => `CASE WHEN ${BACKFILL} THEN 0 ELSE c.${col} END`;

/** Fold a new aggregate (EXCLUDED) into the existing row `c`. */
const MERGE = `ON CONFLICT (symbol, time) DO UPDATE SET
      open = CASE WHEN ${OPEN_NEW} THEN EXCLUDED.open ELSE c.open END,
      open_time = CASE WHEN ${OPEN_NEW} THEN EXCLUDED.open_time ELSE c.open_time END,
      open_trade_id = CASE WHEN ${OPEN_NEW} THEN EXCLUDED.open_trade_id ELSE c.open_trade_id END,
      close = CASE WHEN ${CLOSE_NEW} THEN EXCLUDED.close ELSE c.close END,
      close_time = CASE WHEN ${CLOSE_NEW} THEN EXCLUDED.close_time ELSE c.close_time END,
      close_trade_id = CASE WHEN ${CLOSE_NEW} THEN EXCLUDED.close_trade_id ELSE c.close_trade_id END,
      high = CASE WHEN ${BACKFILL} THEN EXCLUDED.high ELSE greatest(c.high, EXCLUDED.high) END,
      low = CASE WHEN ${BACKFILL} THEN EXCLUDED.low ELSE least(c.low, EXCLUDED.low) END,
      volume = ${kept('volume')} + EXCLUDED.volume,
      pv_sum = ${kept('pv_sum')} + EXCLUDED.pv_sum,
      vwap = CASE WHEN ${kept('volume')} + EXCLUDED.volume > 0
                  THEN (${kept('pv_sum')} + EXCLUDED.pv_sum) / (${kept('volume')} + EXCLUDED.volume)
                  WHEN ${CLOSE_NEW} THEN EXCLUDED.close ELSE c.close END,
      trade_count = ${kept('trade_count')} + EXCLUDED.trade_count,
      buy_volume = ${kept('buy_volume')} + EXCLUDED.buy_volume,
      sell_volume = ${kept('sell_volume')} + EXCLUDED.sell_volume,
      source = 'stored'`;

function candleUpsert(tf: (typeof TIMEFRAMES)[number]): string {
  const bucket = bucketExpr(TIMEFRAME_MS[tf] / 1000);
  const table = `candles_${tf}`;
  return `c_${tf} AS (
    INSERT INTO ${table} AS c (symbol, time, open, high, low, close, volume, vwap, trade_count, buy_volume,
      sell_volume, source, open_time, close_time, open_trade_id, close_trade_id, pv_sum)
    SELECT symbol, b, open, high, low, close, volume, CASE WHEN volume > 0 THEN pv / volume ELSE close END,
      n, buy, sell, 'stored', open_time, close_time, open_id, close_id, pv
    FROM (
      SELECT symbol, ${bucket} AS b,
        (array_agg(open ORDER BY open_time, open_id))[1] AS open, max(high) AS high, min(low) AS low,
        (array_agg(close ORDER BY close_time DESC, close_id DESC))[1] AS close,
        sum(volume) AS volume, sum(pv) AS pv, sum(n) AS n, sum(buy) AS buy, sum(sell) AS sell,
        min(open_time) AS open_time, (array_agg(open_id ORDER BY open_time, open_id))[1] AS open_id,
        max(close_time) AS close_time, (array_agg(close_id ORDER BY close_time DESC, close_id DESC))[1] AS close_id
      FROM m1 GROUP BY 1, 2) agg
    ${MERGE}
    RETURNING 1)`;
}
