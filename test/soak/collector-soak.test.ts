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
 * heap must not trend upwards, and RSS must stay within its band.
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

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);

// A full GC before each heap sample, so the samples are the live heap, not GC timing.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Mean of the last third of `xs` over the mean of its second third (after warm-up). */
function trend(xs: readonly number[]): number {
  const third = Math.floor(xs.length / 3);
  const mean = (a: readonly number[]): number => a.reduce((s, x) => s + x, 0) / Math.max(1, a.length);
  return mean(xs.slice(2 * third)) / mean(xs.slice(third, 2 * third));
}

describe('collector soak under faults', () => {
  it(`${MINUTES} minutes at 60x: nothing lost, nothing duplicated, memory flat`, async () => {
    const { ctx } = testContext({ env: { SCAN_INTERVAL: '10' }, args: { sim: true, speed: 60, seed: 99 } });
    // Millions of trades at 60x: the ledger's memory keeps a window, its file keeps them all.
    const ledgerDir = mkdtempSync(join(tmpdir(), 'nx-soak-ledger-'));
    const ledgerFile = join(ledgerDir, 'ledger.jsonl');
    const rt = await openRuntime(ctx, undefined, { simLedgerFile: ledgerFile });
    const sim = () => rt.sim!;
    const rss: number[] = [];
    const heap: number[] = [];
    try {
      await rt.engine.start();
      const end = Date.now() + MINUTES * 60_000;
      for (let round = 0; Date.now() < end; round++) {
        await new Promise((r) => setTimeout(r, 20_000));
        gc();
        heap.push(process.memoryUsage().heapUsed);
        rss.push(process.memoryUsage().rss);
        const fault = round % 4;
        if (fault === 0) sim().control.dropConnections();
        if (fault === 1) sim().control.stall(50_000);
        if (fault === 2) sim().control.sendMalformed(50);
        if (fault === 3) sim().control.failRest({ status: 429, count: 5, retryAfterSec: 1 });
        process.stdout.write(`${JSON.stringify({ soak: round, rssMb: Math.round(rss.at(-1)! / 1e6), heapMb: Math.round(heap.at(-1)! / 1e6), ...rt.engine.summary() })}\n`);
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
      const key = (sym: string, time: number, price: number, amount: number, side: string) => `${sym}|${time}|${price}|${amount}|${side}`;
      const stored = new Map<string, number>();
      for (const s of sim().symbols) for (const t of await rt.store.findTicks(s, 0, Date.now() + 400 * 86_400_000)) {
        const k = key(t.symbol, t.time, t.price, t.volume, t.side);
        stored.set(k, (stored.get(k) ?? 0) + 1);
      }
      let missing = 0;
      sim().ledger.flush();
      const ledger = readLedgerFile(ledgerFile);
      expect(ledger.length).toBe(sim().ledger.count());
      for (const t of ledger) {
        const k = key(t.symbol, t.time, Number(t.price), Number(t.amount), t.side);
        const n = stored.get(k) ?? 0;
        if (n > 0) stored.set(k, n - 1);
        else {
          missing++;
          expect(gaps.some((g) => g.symbol === t.symbol && g.from <= t.time && t.time <= g.to), `${k} lost outside any gap`).toBe(true);
        }
      }
      expect([...stored.values()].every((n) => n === 0), 'a stored tick the simulator never emitted, or a duplicate').toBe(true);
      process.stdout.write(`${JSON.stringify({ soakDone: true, ledger: sim().ledger.count(), missingInsideGaps: missing, gaps: gaps.length, heapTrend: trend(heap), rssTrend: trend(rss) })}\n`);
      const settled = rss.slice(Math.floor(rss.length / 3));
      expect(Math.max(...settled)).toBeLessThan(1.5 * Math.min(...settled) + 100e6);
      // Flat: the live heap of the last third within 15% (+10 MB of noise) of the middle third.
      const third = Math.floor(heap.length / 3);
      const mid = heap.slice(third, 2 * third).reduce((a, x) => a + x, 0) / Math.max(1, third);
      expect(trend(heap), `live heap ${heap.map((h) => Math.round(h / 1e6)).join(' ')} MB`).toBeLessThan(1.15 + 10e6 / mid);
      expect(trend(rss), `rss ${rss.map((h) => Math.round(h / 1e6)).join(' ')} MB`).toBeLessThan(1.25);
    } finally {
      await rt.engine.stop().catch(() => {});
      await rt.close();
      rmSync(ledgerDir, { recursive: true, force: true });
    }
  }, (MINUTES + 5) * 60_000);
});
