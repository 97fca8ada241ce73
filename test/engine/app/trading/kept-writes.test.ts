/**
 * Trading writes across a stop with the database down: the stop keeps them at once (it does
 * not wait out the drain deadline for a database known to be down), and the next start
 * stores them before reading the books back; none is lost.
 */
import { describe, expect, it } from 'vitest';
import { drive, memorySpill, MemoryTradingStore, rig, type Rig } from './fixtures.js';

const entry = { symbol: 'BTC', side: 'buy' as const, type: 'market' as const, amount: 1, price: null, reduceOnly: false, purpose: 'entry' as const, reason: 'e' };

/** Open a BTC position with the database up, then lose the database and flatten: the closing writes queue. */
async function flattenWhileDown(r: Rig, store: MemoryTradingStore): Promise<void> {
  await r.trading.start();
  await drive(r.clock, r.trading.orders.submit(entry));
  expect(store.positions.size).toBe(1);
  store.down = true;
  const res = await drive(r.clock, r.control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'cli', command: 'flatten' }), 10);
  expect(res.status).toBe('accepted');
  expect(r.deps.queue.size()).toBeGreaterThan(0);
}

describe('trading writes kept across a stop with the database down', () => {
  it('the stop is prompt and keeps the fill and the trading state; the next start stores them and keeps nothing', async () => {
    const store = new MemoryTradingStore();
    const spill = memorySpill();
    const r = await rig(store, undefined, undefined, spill);
    await flattenWhileDown(r, store);
    const started = r.clock.now();
    await drive(r.clock, r.trading.stop(), 10);
    expect(r.clock.now() - started).toBeLessThan(1_000);
    expect(r.logger.has('trading.writes_kept')).toBe(true);
    expect(r.logger.has('trading.writes_unsaved')).toBe(false);
    expect(spill.load().map((w) => w.kind)).toEqual(expect.arrayContaining(['fill', 'state']));
    expect(store.positions.size).toBe(1);

    store.down = false;
    const next = await rig(store, undefined, undefined, spill);
    await drive(next.clock, next.trading.start());
    // The strategy's position is closed in the database and every order is final. (The paper
    // venue's own account could not be saved while the database was down, so it still shows
    // BTC, which reconciliation adopts as external: that is the venue's record, not ours.)
    expect([...store.positions.values()].filter((p) => p.strategyId === 'vwm')).toEqual([]);
    expect([...store.orders.values()].map((o) => o.status)).toEqual(['filled', 'filled']);
    expect(store.states.at(-1)?.state).toBe('HALTED');
    expect(spill.load()).toEqual([]);
    expect(next.logger.has('trading.kept_writes_stored')).toBe(true);
    await drive(next.clock, next.trading.stop());
  });

  it('a start with the database still down leaves them kept and queued; the stop after keeps them again, in order', async () => {
    const store = new MemoryTradingStore();
    const spill = memorySpill();
    const r = await rig(store, undefined, undefined, spill);
    await flattenWhileDown(r, store);
    await drive(r.clock, r.trading.stop(), 10);
    const kept = spill.load();
    store.down = false;
    const next = await rig(store, undefined, undefined, spill);
    store.down = true;
    await drive(next.clock, next.trading.start());
    expect(next.logger.has('trading.kept_writes_pending')).toBe(true);
    await drive(next.clock, next.trading.stop(), 10);
    expect(spill.load().slice(0, kept.length)).toEqual(kept);
    expect(store.positions.size).toBe(1);
  });

  it('with the database up, a stop still drains and keeps nothing', async () => {
    const store = new MemoryTradingStore();
    const spill = memorySpill();
    const r = await rig(store, undefined, undefined, spill);
    await r.trading.start();
    const order = await drive(r.clock, r.trading.orders.submit(entry));
    await drive(r.clock, r.trading.stop());
    expect(store.orders.get(order.clientOrderId)?.status).toBe('filled');
    expect(spill.load()).toEqual([]);
  });
});
