/**
 * Issue 4 "Done when": a --no-backfill start shows readiness climbing one candle per
 * simulated 15 minutes with a correct ETA (here at 180x: a 15m candle every 5 s).
 */
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/cli/compose-runtime.js';
import { testContext } from '../helpers/ctx.js';
import { engineProbe } from '../../src/engine/app/engine-probe.js';

const TF = 900_000;

describe('cold warm-up without backfill', () => {
  it('climbs one closed candle per 15 simulated minutes; the ETA holds', async () => {
    const { ctx } = testContext({ env: { SCAN_INTERVAL: '1', BACKFILL: 'false' }, args: { sim: true, speed: 180, seed: 4, backfill: false } });
    const rt = await openRuntime(ctx);
    try {
      await rt.engine.start();
      // Read in one synchronous step so the candle clock cannot move in between.
      const first = engineProbe(rt.engine).readiness().find((r) => r.symbol === 'BTC')!;
      const observed = engineProbe(rt.engine).marketObserved();
      expect(first.available).toBeLessThanOrEqual(1); // a bucket closes every 5 s at 180x
      const eta = first.readyAt;
      expect(eta).toBe(Math.floor(observed / TF) * TF + first.missing * TF);
      const seen: number[] = [];
      for (let i = 0; i < 32; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const r = engineProbe(rt.engine).readiness().find((x) => x.symbol === 'BTC')!;
        seen.push(r.available);
        expect(r.readyAt).toBe(eta);
        expect(r.ready).toBe(false);
      }
      const distinct = [...new Set(seen)];
      expect(distinct.length).toBeGreaterThanOrEqual(3);
      distinct.slice(1).forEach((n, i) => expect(n - distinct[i]!).toBe(1));
      const reasons = (await rt.store.loadSignals({ symbol: 'BTC', limit: 200 })).map((s) => s.reason);
      expect(reasons.some((r) => /^warming up [1-9]\/20$/.test(r))).toBe(true);
    } finally {
      await rt.engine.stop().catch(() => {});
      await rt.close();
    }
  }, 90_000);
});
