/**
 * A hostile or buggy /info (max_leverage 1e12, a 29-character symbol, new markets) must not
 * fail the pairs upsert, switch on markets nobody reviewed, or break the signals audit trail.
 * Against the simulator's /control/info with the real REST client, and at the store level
 * with the real PGlite and PostgreSQL stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/cli/compose-runtime.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { createPostgresStore } from '../../src/data/postgres/index.js';
import { syncPairs } from '../../src/engine/app/pairs-sync.js';
import { writeIsolating } from '../../src/engine/app/write-isolating.js';
import type { SignalRecord } from '../../src/engine/core/types.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import type { MarketInfo, MarketRest } from '../../src/engine/ports/market-rest.js';
import type { Store } from '../../src/engine/ports/store.js';
import { testContext } from '../helpers/ctx.js';
import { createTempDatabase, hasPg } from '../helpers/pg.js';
import { engineProbe } from '../../src/engine/app/engine-probe.js';

const LONG = 'ABCDEFGHIJKLMNOPQRSTUVWXYZABC';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
  cleanup = [];
});

/** The simulator's own /info, with BTC's leverage at 1e12, three new markets and a 29-character symbol. */
function hostileInfo(real: ReadonlyArray<Record<string, unknown>>): unknown[] {
  const like = real.find((m) => m.symbol === 'SOL')!;
  return [
    ...real.map((m) => (m.symbol === 'BTC' ? { ...m, max_leverage: 1e12 } : m)),
    ...['NEWA', 'NEWB', 'NEWC', LONG].map((symbol) => ({ ...like, symbol })),
  ];
}

async function engineWithHostileInfo(env: Record<string, string>): Promise<void> {
  const { ctx, dataDir } = testContext({ env: { SCAN_INTERVAL: '3600', ...env }, args: { sim: true, speed: 60, seed: 41 } });
  const rt = await openRuntime(ctx);
  cleanup.push(async () => {
    await rt.engine.stop().catch(() => {});
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const sim = rt.sim!;
  const real = ((await (await fetch(`${sim.apiUrl}/info`)).json()) as { data: Array<Record<string, unknown>> }).data;
  sim.control.setInfo(hostileInfo(real));
  await rt.engine.start();
  const pairs = rt.engine.pairs();
  expect(pairs.filter((p) => p.isActive).map((p) => p.symbol).sort()).toEqual([...sim.symbols].sort());
  expect(pairs.filter((p) => p.symbol.startsWith('NEW')).map((p) => p.isActive)).toEqual([false, false, false]);
  expect(pairs.some((p) => p.symbol === LONG)).toBe(false);
  expect(pairs.find((p) => p.symbol === 'BTC')!.maxLeverage).toBeLessThan(1_000);
  await engineProbe(rt.engine).scan();
  const signals = await rt.store.loadSignals({ limit: 1_000 });
  expect(new Set(signals.map((s) => s.symbol)).size).toBe(34);
}

const info = (symbol: string, maxLeverage = 20): MarketInfo => ({ symbol, tickSize: 0.01, lotSize: 0.01, maxLeverage, minOrderSize: 10, maxOrderSize: 5_000_000, isolatedOnly: false });
const signal = (symbol: string): SignalRecord => ({
  time: Date.UTC(2026, 10, 1), symbol, strategyId: 'vwm', decision: 'hold', reason: 'test', price: null, vwap: null,
  momentum: null, volumeRatio: null, strength: null, size: null, stopLoss: null, takeProfit: null,
});

/** Store-level checks shared by PGlite and PostgreSQL. */
async function storeChecks(store: Store): Promise<void> {
  await store.migrate();
  const before = await store.loadPairs();
  const rest = { getInfo: async () => [info('BTC', 1e12), info('SOL'), info(LONG), info('NEWA')] } as unknown as MarketRest;
  const after = await syncPairs(rest, store, silentLogger);
  expect(after.filter((p) => p.isActive).map((p) => p.symbol)).toEqual(before.filter((p) => p.isActive).map((p) => p.symbol));
  expect(after.find((p) => p.symbol === 'NEWA')).toMatchObject({ isActive: false });
  expect(after.find((p) => p.symbol === 'SOL')).toMatchObject({ tickSize: 0.01, lotSize: 0.01 });
  expect(after.find((p) => p.symbol === 'BTC')!.maxLeverage).toBe(before.find((p) => p.symbol === 'BTC')!.maxLeverage);
  expect(after.some((p) => p.symbol === LONG)).toBe(false);
  // One bad row (not a pair, too long for the column) never fails the batch for the others.
  const rejected: string[] = [];
  const left = await writeIsolating([signal('BTC'), signal(LONG), signal('ETH'), signal('NOPE')], (rows) => store.insertSignals(rows), (row) => rejected.push(row.symbol));
  expect(left).toBe(2);
  expect(rejected.sort()).toEqual([LONG, 'NOPE']);
  expect((await store.loadSignals({ limit: 10 })).map((s) => s.symbol).sort()).toEqual(['BTC', 'ETH']);
}

describe('hostile /info', () => {
  it('PGlite: the engine against the simulator keeps the reviewed pairs, drops the bad markets, stores every signal', async () => {
    await engineWithHostileInfo({});
  }, 90_000);

  it('PGlite: pairs sync drops bad markets field by field; a rejected signal row does not fail the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-info-'));
    const store = await createPgliteStore({ dataDir: join(dir, 'pglite') });
    cleanup.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await storeChecks(store);
  }, 60_000);

  describe.skipIf(!hasPg)('PostgreSQL', () => {
    it('pairs sync drops bad markets field by field; a rejected signal row does not fail the batch', async () => {
      const db = await createTempDatabase('nxinfo');
      const store = createPostgresStore({ url: db.url });
      cleanup.push(async () => {
        await store.close();
        await db.drop();
      });
      await storeChecks(store);
    }, 60_000);
  });
});
