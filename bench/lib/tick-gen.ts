/**
 * Stored-tick fixtures for the scan benchmark: `count` ticks spread over the 7 days before
 * `now` across the 34 pairs (at 10M ticks about 440 per pair per 15-minute bucket).
 * PostgreSQL gets them by COPY from a deterministic generator; PGlite (whose worker
 * proxy has no COPY) by INSERT ... SELECT over generate_series with a fixed seed.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import { mulberry32 } from '../../src/data/simulator/prng.js';

export const SPAN_MS = 7 * 86_400_000;
const CHUNK = 10_000;

/** COPY text rows: a slow sine trend per pair plus noise, heavy-tailed sizes. */
function* copyRows(symbols: readonly string[], count: number, firstId: number, now: number): Generator<string> {
  const rnd = mulberry32(firstId + 1);
  const start = now - SPAN_MS;
  for (let i = 0; i < count; i += CHUNK) {
    let chunk = '';
    for (let j = i; j < Math.min(count, i + CHUNK); j++) {
      const k = j % symbols.length;
      const t = start + rnd() * (now - start);
      const price = (10 + k * 7) * (1 + 0.02 * Math.sin(t / 3_600_000 + k)) * (1 + 0.001 * (rnd() - 0.5));
      const volume = 0.01 + rnd() ** 3 * 10;
      chunk += `${new Date(t).toISOString()}\t${symbols[k]}\t${firstId + j}\t${price}\t${volume}\t${rnd() < 0.5 ? 'buy' : 'sell'}\tsimulator\n`;
    }
    yield chunk;
  }
}

/** Append `count` ticks with trade ids from `firstId` by COPY (PostgreSQL). */
export async function copyGeneratedTicks(sql: postgres.Sql, symbols: readonly string[], count: number, firstId: number, now: number): Promise<void> {
  const sink = await sql.unsafe('COPY ticks (time, symbol, trade_id, price, volume, side, venue) FROM STDIN').writable();
  await pipeline(Readable.from(copyRows(symbols, count, firstId, now)), sink);
}

/** The same shape of data generated inside the database (PGlite). */
export function generateTicksSql(count: number, firstId: number, now: number): { text: string; params: unknown[] } {
  const text = `
    WITH s AS (SELECT array_agg(symbol ORDER BY symbol) AS syms FROM pairs),
    g AS (SELECT i, $3::float8 - ${SPAN_MS}::float8 * random() AS ms FROM generate_series(0, $1::int - 1) i)
    INSERT INTO ticks (time, symbol, trade_id, price, volume, side, venue)
    SELECT timestamptz 'epoch' + g.ms * interval '1 millisecond', s.syms[1 + g.i % 34], $2::bigint + g.i,
           (10 + (g.i % 34) * 7) * (1 + 0.02 * sin(g.ms / 3600000 + g.i % 34)) * (1 + 0.001 * (random() - 0.5)),
           0.01 + power(random(), 3) * 10, CASE WHEN random() < 0.5 THEN 'buy' ELSE 'sell' END, 'simulator'
    FROM g, s`;
  return { text, params: [count, firstId, now] };
}
