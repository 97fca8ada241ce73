/**
 * Soak (`npm run soak`, SOAK_MINUTES=10 by default): the engine against the in-process
 * simulator at 60x under repeated faults (connection drops, stalls past the stale
 * timeout, malformed frames, REST 429 bursts). A 50 s stall at 60x is 50 minutes of
 * market the venue's REST /trades cannot give back, so holes are expected there; at the
 * end every stored tick is a ledger trade stored once, every ledger trade not stored
 * lies inside a recorded gap of its symbol, and memory stayed flat.
 *
 * Memory: the simulator runs in this process, so its ledger is bounded in memory and
 * written to a file for the final check (a ledger of every trade in memory grew the heap
 * by about 60 MB per 5 minutes at 1000 trades/s). After a full GC each round, the live
 * heap and RSS are sampled; over the last two thirds of the run the least-squares slope of
 * their low points must stay under MAX_SLOPE_MB_PER_MIN (a 10 MB/min leak fails), and RSS
 * within its band. It runs on the embedded database, and on PostgreSQL when
 * TEST_DATABASE_URL is set (a throwaway database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { openRuntime } from '../../src/cli/compose-runtime.js';
import { readLedgerFile } from '../../src/data/simulator/index.js';
import { testContext } from '../helpers/ctx.js';
import { floorSlope, type MemorySample } from '../../bench/lib/memory-trend.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';
import { compareWithLedger } from '../helpers/ledger-check.js';
import type { Tick } from '../../src/engine/core/types.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
/** Growth of the memory floor allowed over the run's last two thirds (MB per minute). */
const MAX_SLOPE_MB_PER_MIN = 5;
/** Rounds (of 20 s) in one cycle of faults: the memory floor comes once per cycle, so low points take one cycle each. */
const FAULT_CYCLE = 4;
const BACKENDS = hasPg ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
if (!hasPg) process.stdout.write('[soak] PostgreSQL backend SKIPPED: set TEST_DATABASE_URL to soak it too\n');

// Two full collections back to back before each sample, so the samples are what is held,
// not GC timing: the first frees the garbage, and V8 gives the pages it emptied back only
// once its sweeper is done, which the second forces. Measured mid-soak: RSS 442 MB before,
// 256 MB after one collection, 203 MB after a second (heap committed 353, 196, 128 MB).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const fullGc = (): void => {
  gc();
  gc();
};

const mb = (xs: readonly MemorySample[]): string => xs.map((s) => Math.round(s.bytes / 1e6)).join(' ');

describe.each(BACKENDS)('collector soak under faults (%s)', (backend) => {
  it(`${MINUTES} minutes at 60x: nothing lost, nothing duplicated, memory flat`, async () => {
    const db = backend === 'postgres' ? await createTempDatabase('nxsoak') : null;
    const { ctx } = testContext({ env: { SCAN_INTERVAL: '10', ...(db ? { DATABASE_URL: db.url } : {}) }, args: { sim: true, speed: 60, seed: 99 } });
    // Millions of trades at 60x: the ledger's memory keeps a window, its file keeps them all.
    const ledgerDir = mkdtempSync(join(tmpdir(), 'nx-soak-ledger-'));
    const ledgerFile = join(ledgerDir, 'ledger.jsonl');
    // Paused until the collector is live: a trade from before it ever ran reaches it only
    // through REST /trades, as far back as that goes, and is no loss it could know of.
    const rt = await openRuntime(ctx, undefined, { simLedgerFile: ledgerFile, simPaused: true });
    const sim = () => rt.sim!;
    const rss: MemorySample[] = [];
    const heap: MemorySample[] = [];
    try {
      await rt.engine.start();
      for (const s of sim().symbols) sim().control.resume(s);
      const end = Date.now() + MINUTES * 60_000;
      for (let round = 0; Date.now() < end; round++) {
        await new Promise((r) => setTimeout(r, 20_000));
        fullGc();
        const at = Date.now();
        heap.push({ at, bytes: process.memoryUsage().heapUsed });
        rss.push({ at, bytes: process.memoryUsage().rss });
        const fault = round % FAULT_CYCLE;
        if (fault === 0) sim().control.dropConnections();
        if (fault === 1) sim().control.stall(50_000);
        if (fault === 2) sim().control.sendMalformed(50);
        if (fault === 3) sim().control.failRest({ status: 429, count: 5, retryAfterSec: 1 });
        process.stdout.write(`${JSON.stringify({ soak: round, backend, rssMb: Math.round(rss.at(-1)!.bytes / 1e6), heapMb: Math.round(heap.at(-1)!.bytes / 1e6), ...rt.engine.summary() })}\n`);
      }
      await new Promise((r) => setTimeout(r, 55_000)); // let a last stall clear
      for (const s of sim().symbols) sim().control.pause(s);
      await new Promise((r) => setTimeout(r, 5_000));
      await vi.waitFor(() => {
        const m = rt.writer.metrics();
        expect(m.stored).toBe(m.received);
        expect(rt.engine.status().gaps.repairing).toBe(0);
      }, { timeout: 120_000, interval: 500 });
      await rt.engine.stop();
      sim().ledger.flush();
      const gaps = await rt.store.loadGaps();
      const stored: Tick[] = [];
      for (const s of sim().symbols) stored.push(...(await rt.store.findTicks(s, 0, Date.now() + 400 * 86_400_000)));
      sim().ledger.flush();
      const ledger = readLedgerFile(ledgerFile);
      expect(ledger.length).toBe(sim().ledger.count());
      const r = compareWithLedger(ledger, stored, gaps);
      expect(r.lost, 'lost outside any gap').toEqual([]);
      expect(r.extra, 'a stored tick the simulator never emitted, or a duplicate').toEqual([]);
      const slopes = { heapMbPerMin: floorSlope(heap, 2 / 3, FAULT_CYCLE), rssMbPerMin: floorSlope(rss, 2 / 3, FAULT_CYCLE) };
      process.stdout.write(`${JSON.stringify({ soakDone: true, backend, ledger: sim().ledger.count(), missingInsideGaps: r.missingInsideGaps, gaps: gaps.length, ...slopes, heapMb: mb(heap), rssMb: mb(rss) })}\n`);
      const settled = rss.slice(Math.floor(rss.length / 3)).map((s) => s.bytes);
      expect(Math.max(...settled)).toBeLessThan(1.5 * Math.min(...settled) + 100e6);
      // Flat: the floor of the live heap and of RSS does not rise (a 10 MB/min leak fails).
      expect(slopes.heapMbPerMin, `live heap ${mb(heap)} MB`).toBeLessThan(MAX_SLOPE_MB_PER_MIN);
      expect(slopes.rssMbPerMin, `rss ${mb(rss)} MB`).toBeLessThan(MAX_SLOPE_MB_PER_MIN);
    } finally {
      await rt.engine.stop().catch(() => {});
      await rt.close();
      rmSync(ledgerDir, { recursive: true, force: true });
      await db?.drop();
    }
  }, (MINUTES + 5) * 60_000);
});
