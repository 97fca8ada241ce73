/**
 * SIGKILL between recording an order and sending it, and between sending it and reading the
 * answer: after a restart the order is resolved with the venue by client_order_id, nothing is
 * sent twice, and the database agrees with the venue. The venue is the simulator, which
 * verifies every signature; the database is PGlite on disk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveBroker } from '../../src/data/pacifica/live-broker.js';
import { keypairFromSeed } from '../../src/data/pacifica/signing.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { startSimulator, type Simulator } from '../../src/data/simulator/index.js';
import { createEngineControl } from '../../src/engine/app/spine/engine-control.js';
import { assembleTradingDeps } from '../../src/engine/app/trading/assemble.js';
import { createTrading } from '../../src/engine/app/trading/trading-service.js';
import { initialEngineState } from '../../src/engine/core/spine/initial-state.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import { silentLogger } from '../../src/engine/ports/logger.js';

let sim: Simulator;
const root = mkdtempSync(join(tmpdir(), 'nx-trading-kill-'));
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 4, pairs: ['BTC', 'ETH'], accountBalance: 100_000 });
});
afterAll(async () => {
  await sim.stop();
  rmSync(root, { recursive: true, force: true });
});

function runUntil(args: string[], stage: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', './test/fixtures/writer-ts-register.mjs', 'test/fixtures/trading-child.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`child never reached ${stage}: ${err}`))), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes(`"at":"${stage}"`)) return;
      child.kill('SIGKILL');
      clearTimeout(timer);
      child.once('exit', () => resolve());
    });
  });
}

async function restart(dir: string, account: string, secret: string) {
  const store = await createPgliteStore({ dataDir: dir });
  const broker = createLiveBroker({ baseUrl: sim.apiUrl, clock: systemClock, credentials: { account, secret } });
  await broker.loadMarkets();
  const control = createEngineControl({
    initial: initialEngineState({ venue: 'simulator', mode: 'live', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: dir } }),
    clock: systemClock, logger: silentLogger,
  });
  const trading = createTrading(assembleTradingDeps({ control, clock: systemClock, broker, store: store.trading!, strategyId: 'vwm', mark: () => undefined }), { liveUnavailable: () => 'n/a' });
  await trading.start();
  return { store, broker, control, trading };
}

const history = async (account: string): Promise<{ client_order_id: string | null }[]> =>
  ((await (await fetch(`${sim.apiUrl}/orders/history?account=${account}`)).json()) as { data: { client_order_id: string | null }[] }).data;

describe('SIGKILL around an order', () => {
  it.each([
    ['before-send', 'recorded', 0, 'rejected'],
    ['before-reply', 'sent', 1, 'filled'],
  ] as const)('SIGKILL %s (at "%s"): after restart the venue has it %i time(s), the order is %s, the database agrees', async (stage, at, atVenue, status) => {
    const key = keypairFromSeed(new Uint8Array(32).fill(stage === 'before-send' ? 61 : 62));
    const dir = join(root, stage);
    const cid = stage === 'before-send' ? '6a1f1c1e-0000-4000-8000-000000000001' : '6a1f1c1e-0000-4000-8000-000000000002';
    if (stage === 'before-reply') sim.control.delayReplies(3_000);
    await runUntil([dir, sim.apiUrl, key.publicKey, key.secretB58, stage, cid], at);
    sim.control.delayReplies(0);
    // Let a request the child sent before dying reach the venue.
    await new Promise((r) => setTimeout(r, 2_000));
    const r = await restart(dir, key.publicKey, key.secretB58);
    try {
      const orders = await r.store.trading!.loadOpenOrders('live');
      expect(orders).toEqual([]);
      expect(r.trading.orders.order(cid)?.status).toBe(status);
      expect((await history(key.publicKey)).filter((h) => h.client_order_id === cid)).toHaveLength(atVenue);
      const positions = await r.broker.positions();
      expect(positions.length).toBe(atVenue);
      expect(r.control.spine.store.getState().positions.length).toBe(atVenue);
    } finally {
      await r.trading.stop();
      r.control.close();
      await r.store.close();
    }
  }, 120_000);
});
