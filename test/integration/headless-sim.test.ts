/**
 * Issue 3 "Done when": the engine against the in-process simulator stores ticks for
 * all 34 pairs, whale_activities gets rows, and the stored count equals the
 * simulator's ledger (live ticks by trade id, repaired ones by time/price/amount/side).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openRuntime, type Runtime } from '../../src/cli/compose-runtime.js';
import type { Tick } from '../../src/engine/core/types.js';
import { testContext } from '../helpers/ctx.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';

async function runAndCompare(env: Record<string, string>): Promise<void> {
  const { ctx } = testContext({ env: { SCAN_INTERVAL: '5', ...env }, args: { sim: true, speed: 60, seed: 7 } });
  // Paused until the collector is live: the ledger then holds only trades it could receive.
  const rt: Runtime = await openRuntime(ctx, undefined, { simPaused: true });
  try {
    await rt.engine.start();
    const sim = rt.sim!;
    for (const s of sim.symbols) sim.control.resume(s);
    await vi.waitFor(() => expect(sim.symbols.filter((s) => sim.ledger.count(s) > 0)).toHaveLength(34), { timeout: 20_000, interval: 200 });
    await vi.waitFor(() => expect(rt.engine.summary().whalesDetected).toBeGreaterThan(0), { timeout: 20_000, interval: 200 });
    for (const s of sim.symbols) sim.control.pause(s);
    const total = sim.ledger.count();
    await vi.waitFor(() => {
      const m = rt.writer.metrics();
      expect(m.stored).toBe(m.received);
      expect(rt.engine.summary().gapRepairs).toBeGreaterThanOrEqual(34);
      expect(rt.engine.status().gaps.repairing).toBe(0);
      expect(m.received).toBeGreaterThanOrEqual(total);
    }, { timeout: 20_000, interval: 200 });
    await rt.engine.stop();
    expect(rt.engine.summary().gapsRecorded).toBe(0);
    const stored: Tick[] = [];
    for (const s of sim.symbols) stored.push(...(await rt.store.findTicks(s, 0, Date.now() + 86_400_000 * 400)));
    // The ledger's memory is bounded; this check needs every trade still in it.
    expect(sim.ledger.evicted()).toBe(0);
    expect(stored.length).toBe(total);
    const key = (t: { symbol: string; time: number; price: number; side: string }, amount: number) => `${t.symbol}|${t.time}|${t.price}|${amount}|${t.side}`;
    const ledger = sim.ledger.all();
    const ledgerIds = new Set(ledger.map((t) => `${t.symbol}|${t.h}`));
    const live = stored.filter((t) => t.tradeId >= 0);
    expect(live.every((t) => ledgerIds.has(`${t.symbol}|${t.tradeId}`))).toBe(true);
    const sortKeys = (xs: string[]) => xs.sort().join('\n');
    expect(sortKeys(stored.map((t) => key(t, t.volume)))).toBe(sortKeys(ledger.map((t) => key({ ...t, price: Number(t.price) }, Number(t.amount)))));
    expect((await rt.store.recentWhales(5)).length).toBeGreaterThan(0);
    expect(new Set(stored.map((t) => t.symbol)).size).toBe(34);
  } finally {
    await rt.engine.stop().catch(() => {});
    await rt.close();
  }
}

describe('headless engine against the in-process simulator', () => {
  it('PGlite: every trade of the ledger is stored exactly once, whales recorded', async () => {
    await runAndCompare({});
  }, 90_000);

  describe.skipIf(!hasPg)('PostgreSQL', () => {
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => drop?.());
    it('every trade of the ledger is stored exactly once in the _sim database', async () => {
      const db = await createTempDatabase('nxhs');
      drop = db.drop;
      await runAndCompare({ DATABASE_URL: db.url });
    }, 90_000);
  });
});
