/**
 * Trading "Done when" (live): PAPER_TRADING=false against the in-process simulator at speed
 * 60 (which checks every signature): signals open and close live positions over signed
 * requests, the kill switch flattens the account, and the private key appears nowhere:
 * not in the logs, the state, the database or the command output.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { openRuntime, type Runtime } from '../../src/cli/compose-runtime.js';
import { keypairFromSeed } from '../../src/data/pacifica/signing.js';
import { PGlite } from '@electric-sql/pglite';
import { join } from 'node:path';
import type { Logger } from '../../src/engine/ports/logger.js';
import { testContext } from '../helpers/ctx.js';

const EAGER = {
  SCAN_INTERVAL: '1', VWM_TIMEFRAME: '1m', VWM_LOOKBACK_PERIOD: '2', VWM_ATR_PERIOD: '1', VWM_MOMENTUM_THRESHOLD: '0.00005',
  VWM_EXIT_THRESHOLD: '0.00002', VWM_VOLUME_MULTIPLIER: '0', VWM_BASE_POSITION_PCT: '1', VWM_MAX_POSITION_PCT: '2', PORTFOLIO_VALUE: '10000',
};

describe('live trading against the simulator at speed 60', () => {
  it('signed orders open and close positions; flatten ends flat; the private key is never written anywhere', async () => {
    const key = keypairFromSeed(new Uint8Array(32).fill(77));
    const lines: string[] = [];
    const capture = (level: string) => (event: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ level, event, ...fields }));
    const logger: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
    const env = { ...EAGER, PAPER_TRADING: 'false', PACIFICA_ACCOUNT: key.publicKey, PACIFICA_AGENT_WALLET_PRIVKEY: key.secretB58 };
    const { ctx, dataDir, stdout, stderr } = testContext({ env, args: { sim: true, speed: 60, seed: 5 }, logger });
    let rt: Runtime | null = null;
    rt = await openRuntime(ctx);
    try {
      expect(rt.engine.getState().run.mode).toBe('live');
      await rt.engine.start();
      // The account stream (fills, positions) is listed with the feed's connections.
      await vi.waitFor(() => expect(rt!.engine.getState().feed.connections).toContainEqual(expect.objectContaining({ id: 'account.0', role: 'account', state: 'live', subscriptions: 4 })), { timeout: 10_000 });
      await vi.waitFor(() => {
        const filled = rt!.engine.getState().orders.recent.filter((o) => o.status === 'filled' && o.mode === 'live');
        expect(filled.some((o) => !o.reduceOnly)).toBe(true);
        expect(filled.some((o) => o.reduceOnly)).toBe(true);
      }, { timeout: 60_000, interval: 250 });
      const res = await rt.engine.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'cli', command: 'test' });
      expect(res).toMatchObject({ status: 'accepted' });
      expect(rt.engine.getState().positions).toEqual([]);
      const state = JSON.stringify(rt.engine.getState());
      await rt.engine.stop();
      await rt.close();
      rt = null;
      const db = await PGlite.create({ dataDir: join(dataDir, 'sim', 'pglite') });
      const dump: string[] = [];
      try {
        for (const table of ['orders', 'positions', 'trading_state', 'paper_account', 'signals']) {
          dump.push(JSON.stringify((await db.query(`SELECT * FROM ${table}`)).rows));
        }
      } finally {
        await db.close();
      }
      expect(dump[0]).toContain('"mode":"live"');
      const everything = [lines.join('\n'), state, dump.join('\n'), stdout.text, stderr.text].join('\n');
      expect(everything).not.toContain(key.secretB58);
      expect(everything).not.toContain(Buffer.from(key.seed).toString('hex'));
    } finally {
      await rt?.engine.stop().catch(() => {});
      await rt?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
