/**
 * Hostile market data against the engine and the real client, through the simulator's
 * /control/inject: a trade stamped in 2100, extreme but well-formed prices, amounts and
 * timestamps, and a flood of trades for symbols nobody subscribed to. None of it may move
 * the market clock, reach the candles, VWAP or whales, or hold up the valid ticks.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRuntime, type Runtime } from '../../src/cli/compose-runtime.js';
import { testContext } from '../helpers/ctx.js';
import { engineProbe } from '../../src/engine/app/engine-probe.js';

const YEAR_2100 = Date.UTC(2100, 0, 1);
const WAIT = { timeout: 20_000, interval: 100 };

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
  cleanup = [];
});

async function start(seed: number): Promise<{ rt: Runtime; dataDir: string }> {
  const { ctx, dataDir } = testContext({ env: { SCAN_INTERVAL: '5' }, args: { sim: true, speed: 60, seed } });
  const rt = await openRuntime(ctx);
  cleanup.push(async () => {
    await rt.engine.stop().catch(() => {});
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await rt.engine.start();
  return { rt, dataDir };
}

/** A trades frame as the venue sends it; `over` replaces fields of a normal ETH print. */
function tradeFrame(rt: Runtime, items: ReadonlyArray<Record<string, unknown>>): string {
  const sim = rt.sim!;
  const last = sim.ledger.bySymbol('ETH').at(-1)!;
  const base = { s: 'ETH', a: '0.5', p: last.price, d: 'open_long', tc: 'normal', t: sim.clock.now(), li: 1, it: 0 };
  return JSON.stringify({ channel: 'trades', data: items.map((over) => ({ ...base, ...over })) });
}

/** An ETH book with a 1e29-token bid wall at the last price (a whale worth ~1e32 USD) and an ask at 1e29. */
function bookFrame(rt: Runtime): string {
  const price = rt.sim!.ledger.bySymbol('ETH').at(-1)!.price;
  const level = (p: string, a: string) => ({ p, a, n: 1 });
  const l = [[level(price, '100000000000000000000000000000')], [level('100000000000000000000000000000', '1')]];
  return JSON.stringify({ channel: 'book', data: { l, s: 'ETH', t: rt.sim!.clock.now() + 1_000, li: 1 } });
}

const quarantined = (rt: Runtime): Record<string, number> => (rt.engine.summary().quarantined ?? {}) as Record<string, number>;

/**
 * Inject `frames` followed by one valid ETH print (the sentinel) and wait until the sentinel
 * is stored: every frame before it has then been handled (one socket keeps its order).
 */
let sentinelId = 9_100_000_000_000;
async function injectAndSettle(rt: Runtime, frames: readonly string[]): Promise<number> {
  const id = ++sentinelId;
  const t = rt.sim!.clock.now();
  const connections = rt.sim!.control.inject([...frames, tradeFrame(rt, [{ h: id, t }])]);
  await vi.waitFor(async () => expect((await rt.store.findTicks('ETH', t, t + 1)).some((x) => x.tradeId === id)).toBe(true), WAIT);
  return connections;
}
const total = (q: Record<string, number>): number => Object.values(q).reduce((a, b) => a + b, 0);

describe('hostile market data against the simulator (PGlite)', () => {
  it('a trade stamped in 2100 is quarantined and never moves the market clock; every pair stays ready', async () => {
    const { rt, dataDir } = await start(31);
    expect(rt.engine.summary().readyPairs).toBe(34);
    await injectAndSettle(rt, [tradeFrame(rt, [{ h: 9_000_000_000_001, t: YEAR_2100 }])]);
    expect(engineProbe(rt.engine).marketObserved()).toBeLessThan(YEAR_2100 - 365 * 86_400_000);
    expect(engineProbe(rt.engine).marketNow()).toBeLessThan(YEAR_2100 - 365 * 86_400_000);
    expect(rt.engine.summary().readyPairs).toBe(34);
    expect(quarantined(rt)['time-ahead']).toBe(1);
    // Valid ticks keep flowing into the candles after it.
    const before = engineProbe(rt.engine).forming('ETH', '1m')?.trades ?? 0;
    const bucket = engineProbe(rt.engine).forming('ETH', '1m')?.time ?? 0;
    await vi.waitFor(() => {
      const f = engineProbe(rt.engine).forming('ETH', '1m');
      expect(f !== null && (f.time > bucket || f.trades > before)).toBe(true);
    }, WAIT);
    await rt.engine.stop();
    const ticks = await rt.store.findTicks('ETH', YEAR_2100 - 1, YEAR_2100 + 1);
    expect(ticks).toEqual([]);
    const audit = readFileSync(join(dataDir, 'sim', 'quarantine.jsonl'), 'utf8').trim().split('\n');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toMatchObject({ reason: 'quarantined: time-ahead', tick: { symbol: 'ETH', time: YEAR_2100 } });
    expect(total(quarantined(rt))).toBe(1);
  }, 90_000);

  it('price 1e29, price 1e-30, amount 1e30, timestamp 0 and a 1e29 book level never reach ticks, candles or whales', async () => {
    const { rt, dataDir } = await start(32);
    const ids = [9_000_000_000_011, 9_000_000_000_012, 9_000_000_000_013, 9_000_000_000_014];
    await injectAndSettle(rt, [
      tradeFrame(rt, [
        { h: ids[0], p: '100000000000000000000000000000' },
        { h: ids[1], p: '0.000000000000000000000000000001' },
        { h: ids[2], a: '999999999999999999999999999999' },
        { h: ids[3], t: 0 },
      ]),
      bookFrame(rt),
    ]);
    for (const tf of ['1m', '15m', '1d'] as const) {
      const f = engineProbe(rt.engine).forming('ETH', tf)!;
      expect(f.high).toBeLessThan(1e6);
      expect(f.low).toBeGreaterThan(1);
      expect(f.volume).toBeLessThan(1e9);
    }
    expect(quarantined(rt)).toEqual({ price: 2, notional: 1, 'time-behind': 1, 'book-level': 1 });
    await rt.engine.stop();
    const stored = await rt.store.findTicks('ETH', 0, Date.now() + 400 * 86_400_000);
    expect(stored.filter((t) => ids.includes(t.tradeId))).toEqual([]);
    for (const tf of ['1m', '1d'] as const) {
      const candles = await rt.store.loadCandles({ timeframe: tf, symbol: 'ETH' });
      expect(candles.length).toBeGreaterThan(0);
      expect(Math.max(...candles.map((c) => c.high))).toBeLessThan(1e6);
      expect(Math.min(...candles.map((c) => c.low))).toBeGreaterThan(1);
      expect(Math.min(...candles.map((c) => c.time))).toBeGreaterThan(Date.UTC(2020, 0, 1));
      expect(Math.max(...candles.map((c) => c.vwap))).toBeLessThan(1e6);
    }
    expect((await rt.store.recentWhales(1_000)).every((w) => w.totalValueUsd < 1e9)).toBe(true);
    const audit = readFileSync(join(dataDir, 'sim', 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tick: { tradeId: number } });
    expect(audit.map((a) => a.tick.tradeId).sort()).toEqual([...ids].sort());
  }, 90_000);

  it('a flood of trades for unknown symbols is dropped at the edge and counted; valid ticks are all stored', async () => {
    const { rt } = await start(33);
    const sim = rt.sim!;
    const frames: string[] = [];
    for (let f = 0; f < 200; f++) {
      const items = Array.from({ length: 100 }, (_, i) => ({ h: f * 100 + i + 1, s: `JUNK${f * 100 + i}`, t: sim.clock.now() }));
      frames.push(tradeFrame(rt, items));
    }
    const connections = await injectAndSettle(rt, frames);
    expect(rt.writer.metrics().deadLettered).toBe(0);
    expect(rt.engine.summary().unknownSymbolTrades).toBe(20_000 * connections);
    for (const s of sim.symbols) sim.control.pause(s);
    const ledger = sim.ledger.count();
    await vi.waitFor(() => {
      const m = rt.writer.metrics();
      expect(m.received).toBeGreaterThanOrEqual(ledger);
      expect(m.stored).toBe(m.received);
      expect(rt.engine.status().gaps.repairing).toBe(0);
    }, WAIT);
    await rt.engine.stop();
    const m = rt.writer.metrics();
    expect(m.deadLettered).toBe(0);
    expect(m.received).toBe(rt.engine.summary().ticksReceived);
    expect(total(quarantined(rt))).toBe(0);
  }, 90_000);
});
