/**
 * Back to paper with live positions open, against the simulator's signed endpoints (it
 * verifies every signature) and PGlite on disk: live positions open, switch to paper, a new
 * entry is paper, an exit of a live position is signed and sent live, a restart restores
 * both books, and the kill switch closes both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaperBroker } from '../../src/data/paper/paper-broker.js';
import type { PaperDoc } from '../../src/data/paper/paper-doc.js';
import { createLiveBroker } from '../../src/data/pacifica/live-broker.js';
import { keypairFromSeed } from '../../src/data/pacifica/signing.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { startSimulator, type Simulator } from '../../src/data/simulator/index.js';
import { createEngineControl } from '../../src/engine/app/spine/engine-control.js';
import { assembleTradingDeps } from '../../src/engine/app/trading/assemble.js';
import { createSwitchableBroker } from '../../src/engine/app/trading/switchable-broker.js';
import { createTrading } from '../../src/engine/app/trading/trading-service.js';
import { initialEngineState } from '../../src/engine/core/spine/initial-state.js';
import { DEFAULT_RISK_LIMITS } from '../../src/engine/core/trading/risk.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import { silentLogger } from '../../src/engine/ports/logger.js';

let sim: Simulator;
const root = mkdtempSync(join(tmpdir(), 'nx-live-to-paper-'));
const key = keypairFromSeed(new Uint8Array(32).fill(91));
const marks = new Map<string, number>();
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 9, pairs: ['BTC', 'ETH', 'SOL'], accountBalance: 100_000 });
  const prices = ((await (await fetch(`${sim.apiUrl}/info/prices`)).json()) as { data: { symbol: string; mark: string }[] }).data;
  for (const p of prices) marks.set(p.symbol, Number(p.mark));
});
afterAll(async () => {
  await sim.stop();
  rmSync(root, { recursive: true, force: true });
});

/** One runtime's trading, as compose-trading wires it: paper and live behind a switchable broker, PGlite on disk. */
async function boot(dir: string) {
  const store = await createPgliteStore({ dataDir: dir });
  await store.migrate();
  const t = store.trading!;
  const control = createEngineControl({
    initial: initialEngineState({ venue: 'simulator', mode: 'paper', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: dir } }),
    clock: systemClock, logger: silentLogger,
  });
  const paper = createPaperBroker({
    clock: systemClock, book: () => undefined, mark: (s) => marks.get(s), fees: { takerFee: 0.0004, makerFee: 0.00015, slippageBps: 5 }, startingBalance: 100_000, delayMs: 1,
    persist: { load: () => t.loadPaperState(), save: (d: PaperDoc) => t.savePaperState(d) },
  });
  await paper.load();
  const switchable = createSwitchableBroker(paper);
  const connectLive = async () => {
    const live = createLiveBroker({ baseUrl: sim.apiUrl, clock: systemClock, credentials: { account: key.publicKey, secret: key.secretB58 }, credits: { capacity: 10_000, windowMs: 60_000 } });
    await live.loadMarkets();
    return live;
  };
  const deps = assembleTradingDeps({ control, clock: systemClock, broker: switchable, store: t, strategyId: 'vwm', mark: (s) => marks.get(s), limits: { ...DEFAULT_RISK_LIMITS, cooldownMs: 0, directionCapPct: 100 } });
  const trading = createTrading(deps, { liveUnavailable: () => 'n/a', modes: { broker: switchable, paper, connectLive } });
  trading.register(control.gateway);
  await trading.start();
  const close = async (): Promise<void> => {
    await trading.stop();
    await paper.drain(5_000);
    paper.stop();
    control.close();
    await store.close();
  };
  return { control, trading, paper, close };
}

const origin = { kind: 'console' as const };
const usd = (symbol: string, notional: number): number => Number((notional / marks.get(symbol)!).toFixed(4));
const venuePositions = async (): Promise<string[]> =>
  ((await (await fetch(`${sim.apiUrl}/positions?account=${key.publicKey}`)).json()) as { data: { symbol: string }[] }).data.map((p) => p.symbol).sort();
const venueHistory = async (): Promise<(string | null)[]> =>
  ((await (await fetch(`${sim.apiUrl}/orders/history?account=${key.publicKey}`)).json()) as { data: { client_order_id: string | null }[] }).data.map((o) => o.client_order_id);
const books = (s: { positions: readonly { symbol: string; mode: string }[] }): string[] => s.positions.map((p) => `${p.symbol}:${p.mode}`).sort();

describe('switching back to paper with live positions open (simulator, signed)', () => {
  it('entries go paper, the live exit is signed and sent live, a restart restores both books, flatten closes both', async () => {
    const dir = join(root, 'pglite');
    let rt = await boot(dir);
    try {
      expect(await rt.control.sink.execute({ type: 'mode.set', mode: 'live', confirm: 'LIVE' }, origin)).toMatchObject({ status: 'accepted' });
      for (const s of ['BTC', 'ETH']) {
        const o = await rt.trading.orders.submit({ symbol: s, side: 'buy', type: 'market', amount: usd(s, 500), price: null, reduceOnly: false, purpose: 'entry', reason: 'entry long' });
        expect(o).toMatchObject({ status: 'filled', mode: 'live' });
      }
      expect(await venuePositions()).toEqual(['BTC', 'ETH']);

      expect(await rt.control.sink.execute({ type: 'mode.set', mode: 'paper' }, origin)).toMatchObject({ status: 'accepted' });
      const sol = await rt.trading.orders.submit({ symbol: 'SOL', side: 'buy', type: 'market', amount: usd('SOL', 500), price: null, reduceOnly: false, purpose: 'entry', reason: 'entry long' });
      expect(sol).toMatchObject({ status: 'filled', mode: 'paper' });
      expect(await venuePositions()).toEqual(['BTC', 'ETH']);
      expect((await venueHistory()).includes(sol.clientOrderId)).toBe(false);

      const eth = rt.control.spine.store.getState().positions.find((p) => p.symbol === 'ETH')!;
      const exit = await rt.trading.orders.submit({ symbol: 'ETH', side: 'sell', type: 'market', amount: eth.amount, price: null, reduceOnly: true, purpose: 'exit', reason: 'exit: momentum' });
      expect(exit).toMatchObject({ status: 'filled', mode: 'live' });
      expect(await venueHistory()).toContain(exit.clientOrderId);
      expect(await venuePositions()).toEqual(['BTC']);
      expect(books(rt.control.spine.store.getState())).toEqual(['BTC:live', 'SOL:paper']);

      await rt.close();
      rt = await boot(dir);
      const s = rt.control.spine.store.getState();
      expect(s.run.mode).toBe('paper');
      expect(books(s)).toEqual(['BTC:live', 'SOL:paper']);
      expect(s.alerts.filter((a) => a.level === 'error')).toEqual([]);

      const res = await rt.control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, origin);
      expect(res).toMatchObject({ status: 'accepted' });
      expect(rt.control.spine.store.getState().flatten?.symbols.map((r) => `${r.symbol}:${r.mode}:${r.status}`).sort()).toEqual(['BTC:live:closed', 'SOL:paper:closed']);
      expect(await venuePositions()).toEqual([]);
      expect(await rt.paper.positions()).toEqual([]);
      expect(rt.control.spine.store.getState().positions).toEqual([]);
    } finally {
      await rt.close();
    }
  }, 60_000);
});
