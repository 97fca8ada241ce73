/**
 * The whale service against a real PGlite store: a wall seen in many snapshots is one
 * row (updated, not re-inserted), and market_impact_bps is filled once the impact
 * horizon of exchange time has passed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStore } from '../../../src/data/pglite/index.js';
import { createWhaleService } from '../../../src/engine/app/whale-service.js';
import type { BookLevel, BookSnapshot, Pair } from '../../../src/engine/core/types.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import type { Store } from '../../../src/engine/ports/store.js';

const SOL: Pair = { symbol: 'SOL', category: 'major', maxLeverage: 20, minOrderSize: 10, tickSize: 0.01, lotSize: 0.01, whaleThresholdUsd: 25_000, isActive: true, displayName: 'SOL' };
const levels = (from: number, step: number, wall: number | null): BookLevel[] =>
  Array.from({ length: 20 }, (_, i) => ({ price: from + i * step, amount: i === 5 && wall !== null ? wall : 1, orders: 1 }));
const book = (time: number, mid: number, wall: number | null): BookSnapshot => ({
  symbol: 'SOL', time, receivedAt: time, bids: levels(mid - 0.01, -0.01, wall), asks: levels(mid + 0.01, 0.01, null),
});

describe('whale service', () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nxwhale-'));
    store = await createPgliteStore({ dataDir: dir });
    await store.migrate();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('persists a persisting wall as one row and fills its market impact after the horizon', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    const svc = createWhaleService({ store, logger: silentLogger, pair: (s) => (s === 'SOL' ? SOL : undefined), now: () => now, detectionIntervalMs: 1_000, impactHorizonMs: 900_000 });
    for (let i = 0; i < 200; i++) { // 50 s: past the 30 s update interval
      svc.onBook(book(now, 150, 400)); // 400 SOL ≈ 60k USD at 150: a single wall
      now += 250;
    }
    await svc.flush();
    let rows = await store.recentWhales(10);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ symbol: 'SOL', whaleType: 'single', direction: 'bid', marketImpactBps: null });
    expect(rows[0]!.lastSeenAt).toBeGreaterThan(rows[0]!.detectedAt);
    now += 900_000;
    svc.onBook(book(now, 151.5, null)); // price moved up 1% after the bid wall
    await svc.housekeeping();
    await svc.flush();
    rows = await store.recentWhales(10);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.marketImpactBps).toBeCloseTo(100, 0);
    expect(svc.counts()).toMatchObject({ detected: 1, impactsFilled: 1 });
  }, 60_000);

  it('abandons queued whale writes at a shutdown deadline instead of awaiting each against a hung database', async () => {
    let calls = 0;
    let release: (err: Error) => void = () => {};
    const hung = { ...store, upsertWhale: () => (calls++, new Promise<number>((_, reject) => (release = reject))) } as Store;
    const logger = { debug: () => {}, info: () => {}, warn: (e: string, f?: Record<string, unknown>) => void warned.push({ e, f }), error: () => {} };
    const warned: { e: string; f?: Record<string, unknown> }[] = [];
    const svc = createWhaleService({ store: hung, logger, pair: () => SOL, now: () => 0, detectionIntervalMs: 1_000, impactHorizonMs: 900_000 });
    const big = (id: number) => ({ time: id, symbol: 'SOL', tradeId: id, price: 150, volume: 1_000, side: 'buy' as const, venue: 'simulator' as const });
    svc.onTrades(Array.from({ length: 208 }, (_, i) => big(i + 1)));
    await new Promise((r) => setImmediate(r));
    expect(calls).toBe(1);
    expect(svc.abandon()).toBe(208);
    release(new Error('connection timeout'));
    await svc.flush();
    expect(calls).toBe(1);
    expect(warned.find((w) => w.e === 'whale.writes_abandoned')?.f).toMatchObject({ pending: 208 });
  });
});
