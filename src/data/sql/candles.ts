import { TIMEFRAMES, type Candle, type CandleSource, type Timeframe } from '../../engine/core/types.js';
import type { CandleQuery } from '../../engine/ports/store.js';
import { msToTs, num, pgArray, type Row, type SqlClient, tsToMs } from './sql-client.js';

/** Where candles are read from: our tables, or (TimescaleDB) aggregates merged with backfill. */
const relation = (tf: Timeframe, timescale: boolean): string => {
  if (!TIMEFRAMES.includes(tf)) throw new RangeError(`unknown timeframe: ${String(tf)}`);
  return timescale ? `candles_${tf}_merged` : `candles_${tf}`;
};

const toCandle = (tf: Timeframe) => (r: Row): Candle => ({
  symbol: String(r.symbol),
  timeframe: tf,
  time: num(r.ms),
  open: num(r.open),
  high: num(r.high),
  low: num(r.low),
  close: num(r.close),
  volume: num(r.volume),
  vwap: num(r.vwap),
  trades: num(r.trade_count),
  buyVolume: num(r.buy_volume),
  sellVolume: num(r.sell_volume),
  source: String(r.source) as CandleSource,
});

/** Candles ordered by (symbol, time); with `lastN`, only the most recent N per symbol. */
export async function loadCandles(db: SqlClient, q: CandleQuery, timescale: boolean): Promise<Candle[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.symbol !== undefined) where.push(`symbol = $${params.push(q.symbol)}`);
  if (q.from !== undefined) where.push(`time >= ${msToTs(`$${params.push(q.from)}::float8`)}`);
  if (q.to !== undefined) where.push(`time < ${msToTs(`$${params.push(q.to)}::float8`)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const cols = `${tsToMs('time')} AS ms, symbol, open, high, low, close, volume, vwap, trade_count, buy_volume, sell_volume, source`;
  const rel = relation(q.timeframe, timescale);
  const text =
    q.lastN === undefined
      ? `SELECT ${cols} FROM ${rel} ${filter} ORDER BY symbol, time`
      : `SELECT * FROM (
           SELECT ${cols}, row_number() OVER (PARTITION BY symbol ORDER BY time DESC) AS rn FROM ${rel} ${filter}) s
         WHERE rn <= $${params.push(q.lastN)} ORDER BY symbol, ms`;
  const rows = await db.query(text, params);
  return rows.map(toCandle(q.timeframe));
}

/**
 * Upsert venue candles (source 'backfill'). Following core/candle-seed.ts (stored > live >
 * backfill), a backfill candle fills an empty bucket or replaces an older backfill copy, but
 * never a row built from stored ticks.
 */
export async function upsertCandles(db: SqlClient, candles: readonly Candle[]): Promise<void> {
  if (candles.length === 0) return;
  await db.transaction(async (tx) => {
    for (const tf of TIMEFRAMES) {
      const group = candles.filter((c) => c.timeframe === tf);
      if (group.length > 0) await upsertGroup(tx, tf, group);
    }
  });
}

async function upsertGroup(tx: SqlClient, tf: Timeframe, group: readonly Candle[]): Promise<void> {
  const col = (f: (c: Candle) => string | number): string => pgArray(group.map(f));
  await tx.query(
    `INSERT INTO candles_${tf} (symbol, time, open, high, low, close, volume, vwap, trade_count, buy_volume,
       sell_volume, source, pv_sum)
     SELECT symbol, ${msToTs('ms')}, open, high, low, close, volume, vwap, n, buy, sell, 'backfill', vwap * volume
     FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
       $8::float8[], $9::integer[], $10::float8[], $11::float8[])
       AS u(symbol, ms, open, high, low, close, volume, vwap, n, buy, sell)
     ON CONFLICT (symbol, time) DO UPDATE SET
       open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
       volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count,
       buy_volume = EXCLUDED.buy_volume, sell_volume = EXCLUDED.sell_volume,
       pv_sum = EXCLUDED.pv_sum
     WHERE candles_${tf}.source = 'backfill'`,
    [
      col((c) => c.symbol),
      col((c) => c.time),
      col((c) => c.open),
      col((c) => c.high),
      col((c) => c.low),
      col((c) => c.close),
      col((c) => c.volume),
      col((c) => c.vwap),
      col((c) => c.trades),
      col((c) => c.buyVolume),
      col((c) => c.sellVolume),
    ],
  );
}
