/**
 * Baselines for the ingest benchmark, on the same rows as the writer: raw COPY into a bare
 * table (no key, no candles: the ceiling) and one autocommitted INSERT per row (the floor).
 * PostgreSQL through postgres.js with TCP_NODELAY like the store; PGlite in-process with
 * COPY from a blob (the store's worker proxy has no COPY).
 */
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { noDelaySocketFactory } from './nodelay-socket.js';
import type { Tick } from '../../src/engine/core/types.js';

const BARE = `CREATE TABLE IF NOT EXISTS bench_raw (time timestamptz, symbol text, trade_id bigint,
  price double precision, volume double precision, side text, venue text)`;
const INSERT = 'INSERT INTO bench_raw VALUES ($1, $2, $3, $4, $5, $6, $7)';

/** COPY text lines (our generated symbols need no escaping). */
const copyText = (ticks: readonly Tick[]): string =>
  ticks.map((t) => `${new Date(t.time).toISOString()}\t${t.symbol}\t${t.tradeId}\t${t.price}\t${t.volume}\t${t.side}\t${t.venue}\n`).join('');
const row = (t: Tick): (string | number)[] => [new Date(t.time).toISOString(), t.symbol, t.tradeId, t.price, t.volume, t.side, t.venue];

/** Rows per second of `fn` over `rows` rows. */
async function rate(rows: number, fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return rows / ((performance.now() - t0) / 1000);
}

/** Raw baselines against one backend; `close` releases it. */
export interface RawBaselines {
  copy(ticks: readonly Tick[], batch: number): Promise<number>;
  insertPerRow(ticks: readonly Tick[]): Promise<number>;
  close(): Promise<void>;
}

/** Baselines on a PostgreSQL database (the writer's fresh database). */
export async function postgresBaselines(url: string): Promise<RawBaselines> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined, ...({ socket: noDelaySocketFactory(10_000) } as object) });
  await sql.unsafe(BARE);
  return {
    copy: (ticks, batch) =>
      rate(ticks.length, async () => {
        for (let i = 0; i < ticks.length; i += batch) {
          const sink = await sql.unsafe('COPY bench_raw FROM STDIN').writable();
          await new Promise<void>((resolve, reject) => {
            sink.on('error', reject);
            sink.end(copyText(ticks.slice(i, i + batch)), () => resolve());
          });
        }
      }),
    insertPerRow: (ticks) =>
      rate(ticks.length, async () => {
        for (const t of ticks) await sql.unsafe(INSERT, row(t));
      }),
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Baselines on an in-process PGlite persisted in `dir`. */
export async function pgliteBaselines(dir: string): Promise<RawBaselines> {
  const pg = new PGlite(dir);
  await pg.exec(BARE);
  return {
    copy: (ticks, batch) =>
      rate(ticks.length, async () => {
        for (let i = 0; i < ticks.length; i += batch) {
          await pg.query("COPY bench_raw FROM '/dev/blob'", [], { blob: new Blob([copyText(ticks.slice(i, i + batch))]) });
        }
      }),
    insertPerRow: (ticks) =>
      rate(ticks.length, async () => {
        for (const t of ticks) await pg.query(INSERT, row(t));
      }),
    close: () => pg.close(),
  };
}
