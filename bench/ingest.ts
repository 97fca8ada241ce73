/**
 * `npm run bench -- ingest [--json] [--quick]` (issue 2): rows/s of the batch writer alone
 * (push, then stop() which flushes everything) on PGlite and PostgreSQL for batches of
 * 1k / 5k / 10k, beside raw COPY of the same rows into a bare table (the ceiling) and one
 * INSERT per row (the floor). Targets: writer >= 0.5x raw COPY on PostgreSQL, >= 20k rows/s
 * on PGlite. Each backend gets a fresh database, dropped afterwards.
 */
import { join } from 'node:path';
import { createFileDeadLetter, openFileJournal } from '../src/data/journal/index.js';
import { createBatchWriter } from '../src/engine/app/batch-writer.js';
import type { Tick } from '../src/engine/core/types.js';
import { systemClock } from '../src/engine/ports/clock.js';
import { silentLogger } from '../src/engine/ports/logger.js';
import { parseBenchArgs } from './lib/bench-args.js';
import { benchServerUrl, freshDir, freshPostgres } from './lib/databases.js';
import { pgliteBaselines, postgresBaselines, type RawBaselines } from './lib/ingest-raw.js';
import { round } from './lib/stats.js';
import { openBenchStore, type Backend, type BenchStore } from './lib/stores.js';
import { formatNumber, formatTable } from './lib/table.js';
import { exitCodeFor, formatTargets, target, type TargetResult } from './lib/targets.js';
import { runIfScript } from './lib/entry.js';

const BATCHES = [1_000, 5_000, 10_000] as const;
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE'] as const;

/** One measured case. */
interface IngestRow {
  readonly backend: Backend;
  readonly batch: number;
  readonly rows: number;
  readonly writer: number;
  /** The store's insert path called directly, batch after batch: the writer's own overhead is the gap. */
  readonly direct: number;
  readonly copy: number;
  readonly insertPerRow: number;
  readonly ratio: number;
}

/** `n` distinct trades with ids from `firstId`, 3 per millisecond per symbol. */
function makeTicks(n: number, firstId: number): Tick[] {
  const t0 = Date.UTC(2026, 10, 1);
  return Array.from({ length: n }, (_, i) => ({
    time: t0 + Math.floor(i / (3 * SYMBOLS.length)),
    symbol: SYMBOLS[i % SYMBOLS.length] ?? 'BTC',
    tradeId: firstId + i,
    price: 100 + (i % 97) * 0.01,
    volume: 0.01 + (i % 13) * 0.1,
    side: i % 2 === 0 ? 'buy' : 'sell',
    venue: 'simulator',
  }));
}

/** Writer rows/s: push everything as it would arrive (chunks of 500), then stop() = flush all. */
async function measureWriter(bs: BenchStore, ticks: readonly Tick[], batch: number): Promise<number> {
  const dir = freshDir('ingest-journal');
  const journal = await openFileJournal({ dir: join(dir.value, 'journal'), logger: silentLogger });
  const writer = createBatchWriter({
    store: bs.store,
    insert: bs.insert,
    journal,
    deadLetter: createFileDeadLetter(join(dir.value, 'dead-letter.jsonl')),
    clock: systemClock,
    logger: silentLogger,
    maxRows: batch,
  });
  const t0 = performance.now();
  for (let i = 0; i < ticks.length; i += 500) writer.push(ticks.slice(i, i + 500));
  await writer.stop();
  const seconds = (performance.now() - t0) / 1000;
  const m = writer.metrics();
  await journal.close();
  await dir.dispose();
  if (m.inserted !== ticks.length) throw new Error(`writer stored ${m.inserted} of ${ticks.length} rows (journal ${m.journalRows})`);
  return ticks.length / seconds;
}

/** Rows/s of the store's insert path alone, one batch after another. */
async function measureDirect(bs: BenchStore, ticks: readonly Tick[], batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < ticks.length; i += batch) await bs.insert(ticks.slice(i, i + batch));
  return ticks.length / ((performance.now() - t0) / 1000);
}

async function runBackend(backend: Backend, rows: number, serverUrl?: string): Promise<IngestRow[]> {
  const bs = await openBenchStore(backend, 'ingest', serverUrl);
  // Baselines get their own fresh database (or dir) on the same server, dropped afterwards.
  const rawDb = serverUrl ? await freshPostgres(serverUrl, 'ingestraw') : freshDir('ingest-raw');
  let raw: RawBaselines | null = null;
  try {
    raw = serverUrl ? await postgresBaselines(rawDb.value) : await pgliteBaselines(join(rawDb.value, 'db'));
    const out: IngestRow[] = [];
    let nextId = 1;
    for (const batch of BATCHES) {
      const ticks = makeTicks(rows, nextId);
      nextId += rows;
      const writer = await measureWriter(bs, ticks, batch);
      const direct = await measureDirect(bs, makeTicks(rows, nextId), batch);
      nextId += rows;
      const copy = await raw.copy(ticks, batch);
      const insertPerRow = await raw.insertPerRow(ticks.slice(0, Math.min(2_000, rows)));
      out.push({ backend, batch, rows, writer: round(writer, 0), direct: round(direct, 0), copy: round(copy, 0), insertPerRow: round(insertPerRow, 0), ratio: round(writer / copy, 2) });
    }
    return out;
  } finally {
    await raw?.close();
    await bs.close();
    await rawDb.dispose();
  }
}

function verdicts(rows: readonly IngestRow[], pgSkip: string | null): TargetResult[] {
  const pg = rows.filter((r) => r.backend === 'postgres');
  const lite = rows.filter((r) => r.backend === 'pglite');
  const bestPg = pg.reduce<IngestRow | null>((b, r) => (!b || r.ratio > b.ratio ? r : b), null);
  const bestLite = Math.max(0, ...lite.map((r) => r.writer));
  return [
    target(
      'writer >= 0.5x raw COPY on PostgreSQL',
      bestPg ? `${bestPg.ratio}x at batch ${bestPg.batch} (${pg.map((r) => `${r.batch}: ${r.ratio}x`).join(', ')})` : (pgSkip ?? 'not run'),
      bestPg ? bestPg.ratio >= 0.5 : null,
    ),
    target('writer >= 20k rows/s on PGlite', `${formatNumber(bestLite)} rows/s best`, lite.length ? bestLite >= 20_000 : null),
  ];
}

/** Run the ingest benchmark; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseBenchArgs('ingest', argv);
  const rows = args.quick ? 10_000 : 50_000;
  const server = benchServerUrl();
  const pgSkip = 'skip' in server ? server.skip : null;
  const results: IngestRow[] = [...(await runBackend('pglite', rows))];
  if ('url' in server) results.push(...(await runBackend('postgres', rows, server.url)));
  const targets = verdicts(results, pgSkip);
  if (args.json) {
    process.stdout.write(JSON.stringify({ bench: 'ingest', rowsPerCase: rows, results, targets, skipped: pgSkip }, null, 2) + '\n');
  } else {
    const head = ['backend', 'batch', 'rows', 'writer rows/s', 'store direct rows/s', 'raw COPY rows/s', 'INSERT/row rows/s', 'writer/COPY'];
    const body = results.map((r) => [
      r.backend, r.batch, r.rows, formatNumber(r.writer), formatNumber(r.direct), formatNumber(r.copy), formatNumber(r.insertPerRow), `${r.ratio}x`,
    ]);
    const notes = pgSkip ? [`note: ${pgSkip}`] : [];
    process.stdout.write([formatTable(head, body), '', formatTargets(targets), ...notes].join('\n') + '\n');
  }
  return exitCodeFor(targets);
}

runIfScript(import.meta.url, 'ingest', main);
