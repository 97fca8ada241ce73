import type { Gap, SignalRecord } from '../../engine/core/types.js';
import { msToTs, num, pgArray, type SqlClient, tsToMs } from './sql-client.js';

/** Record a hole in history; recording the same hole twice is a no-op. */
export async function insertGap(db: SqlClient, gap: Gap): Promise<void> {
  await db.query(
    `INSERT INTO gaps (symbol, from_time, to_time, reason)
     VALUES ($1, ${msToTs('$2::float8')}, ${msToTs('$3::float8')}, $4)
     ON CONFLICT (symbol, from_time, to_time) DO NOTHING`,
    [gap.symbol, gap.from, gap.to, gap.reason],
  );
}

export async function loadGaps(db: SqlClient, symbol?: string): Promise<Gap[]> {
  const cols = `symbol, ${tsToMs('from_time')} AS from_ms, ${tsToMs('to_time')} AS to_ms, reason`;
  const rows =
    symbol === undefined
      ? await db.query(`SELECT ${cols} FROM gaps ORDER BY symbol, from_time`)
      : await db.query(`SELECT ${cols} FROM gaps WHERE symbol = $1 ORDER BY from_time`, [symbol]);
  return rows.map((r) => ({ symbol: String(r.symbol), from: num(r.from_ms), to: num(r.to_ms), reason: String(r.reason) }));
}

/** One statement per scan (a row per pair), whatever the number of pairs. */
export async function insertSignals(db: SqlClient, signals: readonly SignalRecord[]): Promise<void> {
  if (signals.length === 0) return;
  const col = (f: (s: SignalRecord) => string | number | null): string => pgArray(signals.map(f));
  await db.query(
    `INSERT INTO signals (time, symbol, strategy_id, decision, reason, price, vwap, momentum, volume_ratio, strength,
       size, stop_loss, take_profit)
     SELECT ${msToTs('ms')}, symbol, strategy_id, decision, reason, price, vwap, momentum, volume_ratio, strength,
       size, stop_loss, take_profit
     FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[],
       $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[])
       AS u(ms, symbol, strategy_id, decision, reason, price, vwap, momentum, volume_ratio, strength, size,
            stop_loss, take_profit)`,
    [
      col((s) => s.time),
      col((s) => s.symbol),
      col((s) => s.strategyId),
      col((s) => s.decision),
      col((s) => s.reason),
      col((s) => s.price),
      col((s) => s.vwap),
      col((s) => s.momentum),
      col((s) => s.volumeRatio),
      col((s) => s.strength),
      col((s) => s.size),
      col((s) => s.stopLoss),
      col((s) => s.takeProfit),
    ],
  );
}

const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

/** Latest signals, newest first (optionally for one symbol). */
export async function loadSignals(db: SqlClient, q: { symbol?: string; limit: number }): Promise<SignalRecord[]> {
  const cols = `${tsToMs('time')} AS ms, symbol, strategy_id, decision, reason, price, vwap, momentum, volume_ratio,
    strength, size, stop_loss, take_profit`;
  const rows =
    q.symbol === undefined
      ? await db.query(`SELECT ${cols} FROM signals ORDER BY time DESC, id DESC LIMIT $1`, [q.limit])
      : await db.query(`SELECT ${cols} FROM signals WHERE symbol = $1 ORDER BY time DESC, id DESC LIMIT $2`, [q.symbol, q.limit]);
  return rows.map((r) => ({
    time: num(r.ms),
    symbol: String(r.symbol),
    strategyId: String(r.strategy_id),
    decision: r.decision as SignalRecord['decision'],
    reason: String(r.reason),
    price: nullable(r.price),
    vwap: nullable(r.vwap),
    momentum: nullable(r.momentum),
    volumeRatio: nullable(r.volume_ratio),
    strength: nullable(r.strength),
    size: nullable(r.size),
    stopLoss: nullable(r.stop_loss),
    takeProfit: nullable(r.take_profit),
  }));
}
