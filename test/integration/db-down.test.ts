/**
 * Issue 2 faults: the database unreachable at start, and lost mid-run. The process keeps
 * running, says so, retries, and nothing is lost: afterwards the stored ticks equal the
 * simulator's ledger. The database is taken away through a real TCP proxy.
 */
import { describe, expect, it, vi } from 'vitest';
import { openRuntime } from '../../src/cli/compose-runtime.js';
import { createJsonLogger, REPEAT_BURST, REPEAT_PERIOD_MS } from '../../src/cli/json-logger.js';
import { testContext, Buffer } from '../helpers/ctx.js';
import { hasPg } from '../helpers/pg.js';
import { tempDatabaseBehindProxy } from '../helpers/tcp-proxy.js';

describe.skipIf(!hasPg)('database down (PostgreSQL through a proxy)', () => {
  it('at start and mid-run: keeps collecting, reports it, stores every ledger trade once it is back', async () => {
    const { db, proxy, url: viaProxy } = await tempDatabaseBehindProxy('nxdown', false);
    const logs = new Buffer();
    const logger = createJsonLogger({ level: "info", write: (s: string) => { logs.write(s); if (process.env.DBG) process.stderr.write(s); } });
    const { ctx } = testContext({ env: { DATABASE_URL: viaProxy, SCAN_INTERVAL: '5' }, args: { sim: true, speed: 30, seed: 5 }, logger });
    const startedAt = Date.now();
    const rt = await openRuntime(ctx);
    try {
      await rt.engine.start();
      expect(logs.text).toMatch(/store\.unavailable_at_start/);
      await vi.waitFor(() => expect(rt.writer.metrics().received).toBeGreaterThan(2_000), { timeout: 30_000, interval: 100 });
      expect(rt.writer.metrics().dbState).toBe('down');
      expect(rt.writer.metrics().stored).toBe(0);
      await proxy.up();
      await vi.waitFor(() => expect(rt.writer.metrics().stored).toBeGreaterThan(0), { timeout: 60_000, interval: 200 });
      await proxy.down();
      const before = rt.writer.metrics().received;
      await vi.waitFor(() => expect(rt.writer.metrics().received).toBeGreaterThan(before + 1_000), { timeout: 30_000, interval: 100 });
      await proxy.up();
      const sim = rt.sim!;
      for (const s of sim.symbols) sim.control.pause(s);
      const total = sim.ledger.count();
      expect(sim.ledger.evicted()).toBe(0);
      await vi.waitFor(() => {
        const m = rt.writer.metrics();
        // What could explain a shortfall, should there be one: reconnects, quarantine, holes.
        const st = rt.control.spine.store.getState();
        const why = JSON.stringify({ feed: { reconnects: st.feed.connections.map((c) => c.reconnects), quarantined: st.feed.quarantined, malformed: st.feed.malformed }, gaps: st.gaps, writer: m });
        expect(m.received, why).toBeGreaterThanOrEqual(total);
        expect(m.stored).toBe(m.received);
        // Repairs that failed while the database was down retry with backoff (up to 30 s).
        expect(rt.engine.status().gaps.repairing).toBe(0);
      }, { timeout: 120_000, interval: 200 });
      await rt.engine.stop();
      expect(rt.writer.metrics().deadLettered).toBe(0);
      expect(await rt.store.countTicks()).toBe(total);
      expect(logs.text).toMatch(/writer\.db_up/);
      // No flood while the database was down: per event and pair, one line and one count per period.
      const byKey = new Map<string, number>();
      for (const line of logs.text.split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { event: string; symbol?: unknown };
        const key = `${r.event} ${typeof r.symbol === 'string' ? r.symbol : ''}`;
        byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
      const periods = Math.ceil((Date.now() - startedAt) / REPEAT_PERIOD_MS) + 1;
      for (const [key, n] of byKey) expect(n, key).toBeLessThanOrEqual((REPEAT_BURST + 1) * periods);
    } finally {
      await rt.engine.stop().catch(() => {});
      await rt.close();
      await proxy.down();
      await db.drop();
    }
  }, 180_000);
});
