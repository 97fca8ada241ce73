/**
 * Soak (`npm run soak`, SOAK_MINUTES=10 by default): the engine against the in-process
 * simulator at 60x under repeated faults (connection drops, stalls past the stale
 * timeout, malformed frames, REST 429 bursts). A 50 s stall at 60x is 50 minutes of
 * market the venue's REST /trades cannot give back, so holes are expected there; at the
 * end every stored tick is a ledger trade stored once, every ledger trade not stored
 * lies inside a recorded gap of its symbol, and memory stayed flat.
 */
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { openRuntime } from '../../src/cli/compose-runtime.js';
import { readLedgerFile } from '../../src/data/simulator/index.js';
import { testContext } from '../helpers/ctx.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);

describe('collector soak under faults', () => {
  it(`${MINUTES} minutes at 60x: nothing lost, nothing duplicated, memory flat`, async () => {
    const { ctx, dataDir } = testContext({ env: { SCAN_INTERVAL: '10' }, args: { sim: true, speed: 60, seed: 99 } });
    // Millions of trades at 60x: the ledger's memory keeps a window, its file keeps them all.
    const ledgerFile = join(dataDir, 'sim-ledger.jsonl');
    const rt = await openRuntime(ctx, undefined, { simLedgerFile: ledgerFile });
    const sim = () => rt.sim!;
    const rss: number[] = [];
    try {
      await rt.engine.start();
      const end = Date.now() + MINUTES * 60_000;
      for (let round = 0; Date.now() < end; round++) {
        await new Promise((r) => setTimeout(r, 20_000));
        rss.push(process.memoryUsage().rss);
        const fault = round % 4;
        if (fault === 0) sim().control.dropConnections();
        if (fault === 1) sim().control.stall(50_000);
        if (fault === 2) sim().control.sendMalformed(50);
        if (fault === 3) sim().control.failRest({ status: 429, count: 5, retryAfterSec: 1 });
        process.stdout.write(`${JSON.stringify({ soak: round, rssMb: Math.round(rss.at(-1)! / 1e6), ...rt.engine.summary() })}\n`);
      }
      await new Promise((r) => setTimeout(r, 55_000)); // let a last stall clear
      for (const s of sim().symbols) sim().control.pause(s);
      await new Promise((r) => setTimeout(r, 5_000));
      await vi.waitFor(() => {
        const m = rt.writer.metrics();
        expect(m.stored).toBe(m.received);
        expect(rt.engine.gapsPending()).toBe(0);
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
      for (const t of readLedgerFile(ledgerFile)) {
        const k = key(t.symbol, t.time, Number(t.price), Number(t.amount), t.side);
        const n = stored.get(k) ?? 0;
        if (n > 0) stored.set(k, n - 1);
        else {
          missing++;
          expect(gaps.some((g) => g.symbol === t.symbol && g.from <= t.time && t.time <= g.to), `${k} lost outside any gap`).toBe(true);
        }
      }
      expect([...stored.values()].every((n) => n === 0), 'a stored tick the simulator never emitted, or a duplicate').toBe(true);
      process.stdout.write(`${JSON.stringify({ soakDone: true, ledger: sim().ledger.count(), missingInsideGaps: missing, gaps: gaps.length })}\n`);
      const settled = rss.slice(Math.floor(rss.length / 3));
      expect(Math.max(...settled)).toBeLessThan(1.5 * Math.min(...settled) + 100e6);
    } finally {
      await rt.engine.stop().catch(() => {});
      await rt.close();
    }
  }, (MINUTES + 5) * 60_000);
});
