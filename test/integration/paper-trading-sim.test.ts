/**
 * Trading "Done when" (paper): against the in-process simulator at speed 60, strategy
 * signals open and close paper positions with fees and PnL, every order is stored, the
 * kill switch flattens everything, and the engine started again is HALTED.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { openRuntime, type Runtime } from '../../src/cli/compose-runtime.js';
import type { OrderView } from '../../src/engine/core/spine/engine-state.js';
import { testContext } from '../helpers/ctx.js';
import { expectJsonRoundTrip } from '../helpers/json-round-trip.js';

// A strategy that trades often: 1m candles (one a second at speed 60), tiny thresholds.
const EAGER = {
  SCAN_INTERVAL: '1', VWM_TIMEFRAME: '1m', VWM_LOOKBACK_PERIOD: '2', VWM_ATR_PERIOD: '1', VWM_MOMENTUM_THRESHOLD: '0.00005',
  VWM_EXIT_THRESHOLD: '0.00002', VWM_VOLUME_MULTIPLIER: '0', VWM_BASE_POSITION_PCT: '1', VWM_MAX_POSITION_PCT: '2',
};

describe('paper trading against the simulator at speed 60', () => {
  it('signals open and close paper positions with fees; flatten ends flat; HALTED survives a restart', async () => {
    const { ctx, dataDir } = testContext({ env: EAGER, args: { sim: true, speed: 60, seed: 3 } });
    let rt: Runtime | null = await openRuntime(ctx);
    try {
      await rt.engine.start();
      const orders = (): readonly OrderView[] => rt!.engine.getState().orders.recent;
      await vi.waitFor(() => {
        const filled = orders().filter((o) => o.status === 'filled');
        expect(filled.some((o) => !o.reduceOnly)).toBe(true);
        expect(filled.some((o) => o.reduceOnly && o.reason?.startsWith('exit'))).toBe(true);
      }, { timeout: 60_000, interval: 250 });
      const s = rt.engine.getState();
      // The real state with trading filled (account, orders, positions or fills) crosses a socket intact.
      expectJsonRoundTrip(s);
      expect(s.account).not.toBeNull();
      expect(s.account!.balance).not.toBe(100_000);
      expect(s.orders.recent.every((o) => o.mode === 'paper')).toBe(true);
      const res = await rt.engine.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'cli', command: 'test' });
      expect(res).toMatchObject({ status: 'accepted' });
      expect(rt.engine.getState().positions).toEqual([]);
      expect(rt.engine.getState().run.trading.state).toBe('HALTED');
      expect(rt.engine.getState().flatten).toMatchObject({ flat: true });
      expectJsonRoundTrip(rt.engine.getState());
      await rt.engine.stop();
      await rt.close();
      rt = null;
      const again = testContext({ env: { ...EAGER, NEXWAVE_DATA_DIR: dataDir }, args: { sim: true, speed: 60, seed: 3 } });
      rt = await openRuntime(again.ctx);
      expect(rt.engine.getState().run.trading).toMatchObject({ state: 'HALTED' });
      expect(rt.engine.getState().positions).toEqual([]);
      expect(rt.engine.getState().account!.balance).toBeLessThan(100_000 + 1e6);
    } finally {
      await rt?.engine.stop().catch(() => {});
      await rt?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
