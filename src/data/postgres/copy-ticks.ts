import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import type { Tick } from '../../engine/core/types.js';
import type { InsertTicksResult } from '../../engine/ports/store.js';
import { insertTicksSql } from '../sql/tick-insert-sql.js';

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
const field = (v: string | number): string =>
  typeof v === 'number' ? String(v) : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** Rows in chunks of ~1000 lines, so the stream neither builds one huge string nor tiny writes. */
function* copyChunks(ticks: readonly Tick[]): Generator<string> {
  for (let i = 0; i < ticks.length; i += 1000) {
    let chunk = '';
    for (const t of ticks.slice(i, i + 1000)) {
      chunk += `${field(t.time)}\t${field(t.symbol)}\t${field(t.tradeId)}\t${field(t.price)}\t${field(t.volume)}\t${field(t.side)}\t${field(t.venue)}\n`;
    }
    yield chunk;
  }
}

/**
 * The server's bulk path: COPY the batch into a session staging table, then the same
 * INSERT ... ON CONFLICT DO NOTHING (and candle maintenance from inserted rows only) as
 * `insertTicks`, so both paths have identical semantics.
 */
export async function copyTicks(sql: postgres.Sql, ticks: readonly Tick[], timescale: boolean): Promise<InsertTicksResult> {
  if (ticks.length === 0) return { inserted: 0 };
  const rows = await sql.begin(async (tx) => {
    // Created once per connection and emptied at every commit: creating and dropping a table per
    // batch cost more catalog work than the COPY saved.
    await tx.unsafe(
      `CREATE TEMP TABLE IF NOT EXISTS nexwave_ticks_stage (ms float8, symbol text, trade_id bigint, price float8,
         volume float8, side text, venue text) ON COMMIT DELETE ROWS`,
    );
    const sink = await tx.unsafe('COPY nexwave_ticks_stage FROM STDIN').writable();
    await pipeline(Readable.from(copyChunks(ticks)), sink);
    return tx.unsafe(insertTicksSql('SELECT * FROM nexwave_ticks_stage', !timescale));
  });
  return { inserted: Number(rows[0]?.inserted ?? 0) };
}
