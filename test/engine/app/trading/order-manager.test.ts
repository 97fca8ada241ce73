import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/engine/core/spine/engine-event.js';
import type { ScanEntry } from '../../../../src/engine/app/scanner.js';
import { EMPTY_NUMBERS } from '../../../../src/engine/core/strategy.js';
import { DEFAULT_RISK_LIMITS } from '../../../../src/engine/core/trading/risk.js';
import { drive, MemoryTradingStore, rig, SYMBOLS } from './fixtures.js';

const openIntent = (symbol: string, size = 1): ScanEntry => ({
  symbol, time: 0, result: { decision: 'long', reason: 'momentum', numbers: EMPTY_NUMBERS, orderIntent: { type: 'open', symbol, side: 'long', size, price: 100, stopLoss: 95, takeProfit: 110 } },
});

describe('order manager with the paper broker', () => {
  it('records pending first, then submitted and filled; the fill opens a position with fees and an alert', async () => {
    const r = await rig();
    await r.trading.start();
    const events: EngineEvent[] = [];
    r.control.onEvent((e) => events.push(e));
    const o = await drive(r.clock, r.trading.orders.submit({ symbol: 'BTC', side: 'buy', type: 'market', amount: 2, price: null, reduceOnly: false, purpose: 'entry', reason: 'entry long', stopLoss: 95, takeProfit: 110 }));
    expect(o).toMatchObject({ status: 'filled', filled: 2, avgFillPrice: 100.1 });
    const statuses = events.filter((e) => e.type === 'order.updated').map((e) => (e.type === 'order.updated' ? e.order.status : ''));
    expect(statuses).toEqual(['pending', 'submitted', 'open', 'filled']);
    expect(r.store.orders.get(o.clientOrderId)?.status).toBe('filled');
    const pos = r.control.spine.store.getState().positions[0]!;
    expect(pos).toMatchObject({ symbol: 'BTC', side: 'long', amount: 2, entryPrice: 100.1, stopLoss: 95, takeProfit: 110, mode: 'paper' });
    expect(pos.fees).toBeCloseTo(0.0004 * 200.2, 10);
    expect(events.some((e) => e.type === 'alert.raised' && e.alert.code === 'order.filled')).toBe(true);
    expect(r.trading.position('BTC')).toMatchObject({ side: 'long', size: 2 });
    expect(r.trading.exposure().longUsd).toBeCloseTo(200.2, 6);
  });

  it('the gate: REDUCING refuses entries but lets exits through; HALTED refuses exits', async () => {
    const r = await rig();
    await r.trading.start();
    await drive(r.clock, r.trading.orders.submit({ symbol: 'BTC', side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' }));
    await r.control.sink.execute({ type: 'entries.pause' }, { kind: 'cli', command: 't' });
    const refused = await r.trading.orders.submit({ symbol: 'ETH', side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' });
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/REDUCING/) });
    await r.deps.setTradingState('HALTED', 'test', 'test');
    const exitHalted = await r.trading.orders.submit({ symbol: 'BTC', side: 'sell', type: 'market', amount: 1, price: null, reduceOnly: true, purpose: 'exit', reason: 'x' });
    expect(exitHalted).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/HALTED/) });
    await r.deps.setTradingState('REDUCING', 'test', 'test');
    const exit = await drive(r.clock, r.trading.orders.submit({ symbol: 'BTC', side: 'sell', type: 'market', amount: 1, price: null, reduceOnly: true, purpose: 'exit', reason: 'x' }));
    expect(exit.status).toBe('filled');
    expect(r.control.spine.store.getState().positions).toEqual([]);
  });

  it('risk rejections carry the reason; a breached daily loss limit goes HALTED', async () => {
    const r = await rig(undefined, undefined, { maxPositionPct: 1, maxConcurrentPositions: 5, maxLeverage: 5, minNotionalUsd: 10, maxNotionalUsd: 1e6, cooldownMs: 0, dailyLossLimitPct: 0.0001, directionCapPct: 100, blacklist: ['DOGE'] });
    await r.trading.start();
    const big = await r.trading.orders.submit({ symbol: 'BTC', side: 'buy', type: 'market', amount: 100, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' });
    expect(big.reason).toMatch(/RISK.POSITION_SIZE/);
    const black = await r.trading.orders.submit({ symbol: 'DOGE', side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' });
    expect(black.reason).toMatch(/RISK.BLACKLISTED/);
    // One round trip pays fees: the day is now down more than the (tiny) limit.
    await drive(r.clock, r.trading.orders.submit({ symbol: 'BTC', side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' }));
    await drive(r.clock, r.trading.orders.submit({ symbol: 'BTC', side: 'sell', type: 'market', amount: 1, price: null, reduceOnly: true, purpose: 'exit', reason: 'x' }));
    await r.trading.positions.refreshAccount();
    const next = await r.trading.orders.submit({ symbol: 'ETH', side: 'buy', type: 'market', amount: 0.5, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' });
    expect(next.reason).toMatch(/RISK.DAILY_LOSS/);
    expect(r.control.spine.store.getState().run.trading).toMatchObject({ state: 'HALTED', by: 'risk' });
    expect(r.control.spine.store.getState().alerts[0]).toMatchObject({ level: 'error', code: 'trading.halted', message: expect.stringMatching(/^trading HALTED by risk: /) });
  });

  it('strategy intents become orders; a symbol with an order in flight is not sent twice', async () => {
    const r = await rig();
    await r.trading.start();
    r.trading.onEvaluation(openIntent('SOL'));
    r.trading.onEvaluation(openIntent('SOL'));
    await r.clock.advance(300);
    const orders = r.control.spine.store.getState().orders.recent;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ symbol: 'SOL', status: 'filled', reason: 'entry long: momentum' });
  });

  it('stop waits for an order in flight, so its fill is stored before the database closes; later intents are ignored', async () => {
    const r = await rig();
    await r.trading.start();
    r.trading.onEvaluation(openIntent('SOL'));
    const stopped = r.trading.stop().then(() => 'stopped');
    let state: string | undefined;
    void stopped.then((s) => (state = s));
    await r.clock.advance(100);
    expect(state).toBeUndefined();
    await drive(r.clock, stopped);
    expect([...r.store.orders.values()]).toEqual([expect.objectContaining({ symbol: 'SOL', status: 'filled' })]);
    expect(r.store.positions.size).toBe(1);
    r.trading.onEvaluation(openIntent('ETH'));
    await r.clock.advance(1_000);
    expect(r.store.orders.size).toBe(1);
    expect(r.clock.pending).toBe(0);
  });

  it('starts RESTORING (never ACTIVE before the saved state is read): a fresh database ends ACTIVE, a saved HALTED stays HALTED; pause is refused meanwhile', async () => {
    const fresh = await rig();
    expect(fresh.control.spine.store.getState().run.trading.state).toBe('RESTORING');
    const paused = await fresh.control.sink.execute({ type: 'entries.pause' }, { kind: 'console', key: 'p' });
    expect(paused).toMatchObject({ status: 'refused', code: 'TRADING.RESTORING' });
    await fresh.trading.start();
    expect(fresh.control.spine.store.getState().run.trading).toMatchObject({ state: 'ACTIVE', by: 'start-up' });

    const store = new MemoryTradingStore();
    store.states.push({ state: 'HALTED', since: 1, reason: 'kill switch', by: 'console (K)' });
    const halted = await rig(store);
    const seen: string[] = [halted.control.spine.store.getState().run.trading.state];
    halted.control.onEvent((e) => void (e.type === 'trading_state.changed' && seen.push(e.trading.state)));
    await halted.trading.start();
    expect(seen).toEqual(['RESTORING', 'HALTED']);
    expect(halted.control.spine.store.getState().run.trading.reason).toBe('kill switch (restored at start-up)');
  });

  it('kill switch progress lists every known position at once (cancelling), then pending, closing and closed, while the command is still running', async () => {
    const r = await rig();
    await r.trading.start();
    for (const s of ['S1', 'S2']) await drive(r.clock, r.trading.orders.submit({ symbol: s, side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' }));
    const seen: string[] = [];
    let answered = false;
    r.control.onEvent((e) => {
      if (e.type !== 'flatten.progressed') return;
      const s1 = e.progress.symbols.find((x) => x.symbol === 'S1');
      if (s1 && !answered && seen.at(-1) !== s1.status) seen.push(s1.status);
    });
    const res = await drive(r.clock, r.control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'console' }).finally(() => (answered = true)), 10);
    expect(res.status).toBe('accepted');
    expect(seen).toEqual(['cancelling', 'pending', 'closing', 'closed']);
  });

  it('kill switch with 34 positions: cancels, closes all in parallel, ends flat and HALTED, even with the database down', async () => {
    const r = await rig();
    await r.trading.start();
    for (const s of SYMBOLS) await drive(r.clock, r.trading.orders.submit({ symbol: s, side: s.length % 2 ? 'buy' : 'sell', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' }));
    await r.broker.placeOrder({ clientOrderId: 'rest-1', symbol: 'S1', side: 'buy', type: 'limit', amount: 1, price: 50, reduceOnly: false });
    expect(await r.broker.positions()).toHaveLength(34);
    r.store.down = true;
    const started = r.clock.now();
    const res = await drive(r.clock, r.control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'cli', command: 'flatten' }), 10);
    expect(res.status).toBe('accepted');
    expect(r.clock.now() - started).toBeLessThan(1_000);
    const s = r.control.spine.store.getState();
    expect(s.flatten).toMatchObject({ flat: true, ordersCancelled: 1 });
    expect(s.flatten!.symbols.filter((x) => x.status === 'closed')).toHaveLength(34);
    expect(s.run.trading.state).toBe('HALTED');
    expect(s.positions).toEqual([]);
    expect(await r.broker.positions()).toEqual([]);
    r.store.down = false;
    await r.clock.advance(10_000);
    expect(r.store.states.at(-1)?.state).toBe('HALTED');
    expect(r.store.positions.size).toBe(0);
  });

  it('a recorded order that never reached the venue is rejected at restart and never sent; a filled one is booked once', async () => {
    const store = new MemoryTradingStore();
    const r = await rig(store);
    await r.trading.start();
    const filled = await drive(r.clock, r.trading.orders.submit({ symbol: 'BTC', side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' }));
    // Crash between sending and recording the answer: the database still says submitted.
    store.orders.set(filled.clientOrderId, { ...filled, status: 'submitted', filled: 0, avgFillPrice: null });
    store.positions.clear();
    // Crash between recording and sending: pending in the database, unknown to the venue.
    const ghost = { ...filled, clientOrderId: '11111111-1111-4111-8111-111111111111', symbol: 'ETH', status: 'pending' as const, filled: 0, avgFillPrice: null };
    store.orders.set(ghost.clientOrderId, ghost);
    const again = await rig(store, r.clock);
    await again.trading.start();
    await again.clock.advance(100);
    expect(store.orders.get(ghost.clientOrderId)).toMatchObject({ status: 'rejected', reason: 'never reached the venue' });
    expect(store.orders.get(filled.clientOrderId)).toMatchObject({ status: 'filled', filled: 1 });
    expect(again.control.spine.store.getState().positions).toMatchObject([{ symbol: 'BTC', amount: 1 }]);
    expect((await again.broker.openOrders())).toEqual([]);
    expect((await again.broker.positions()).map((p) => p.symbol)).toEqual(['BTC']);
  });

  it('HALTED survives a restart; mode.set to live is refused with the reason', async () => {
    const store = new MemoryTradingStore();
    const r = await rig(store);
    await r.trading.start();
    await drive(r.clock, r.control.sink.execute({ type: 'positions.flatten', confirm: 'FLATTEN' }, { kind: 'console' }));
    const again = await rig(store, r.clock);
    await again.trading.start();
    expect(again.control.spine.store.getState().run.trading.state).toBe('HALTED');
    const live = await again.control.sink.execute({ type: 'mode.set', mode: 'live', confirm: 'LIVE' }, { kind: 'console' });
    expect(live).toMatchObject({ status: 'refused', code: 'MODE.LIVE_UNAVAILABLE', reason: expect.stringMatching(/PACIFICA_ACCOUNT/) });
  });

  it('concurrent entries cannot together exceed the position limit (entries in flight count)', async () => {
    const r = await rig(undefined, undefined, { ...DEFAULT_RISK_LIMITS, maxConcurrentPositions: 2, cooldownMs: 0, directionCapPct: 100, maxLeverage: 50 });
    await r.trading.start();
    const all = Promise.all(['A', 'B', 'C', 'D', 'E'].map((s) => r.trading.orders.submit({ symbol: s, side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false, purpose: 'entry', reason: 'e' })));
    const out = await drive(r.clock, all);
    expect(out.filter((o) => o.status === 'filled')).toHaveLength(2);
    expect(out.filter((o) => o.reason?.startsWith('RISK.MAX_POSITIONS'))).toHaveLength(3);
    expect(await r.broker.positions()).toHaveLength(2);
  });

  it('periodic reconciliation adopts a position opened elsewhere and raises an alert', async () => {
    const r = await rig();
    await r.trading.start();
    const p = r.broker.placeOrder({ clientOrderId: 'elsewhere', symbol: 'XRP', side: 'sell', type: 'market', amount: 3, price: null, reduceOnly: false });
    await r.clock.advance(200);
    await p;
    await r.clock.advance(60_000);
    const s = r.control.spine.store.getState();
    expect(s.positions).toEqual([expect.objectContaining({ symbol: 'XRP', external: true, side: 'short', amount: 3 })]);
    expect(s.alerts.some((a) => a.code === 'reconcile.external')).toBe(true);
    await r.trading.stop();
  });

  it('vet: the scanner learns why an intent would not be traded (risk, trading state)', async () => {
    const r = await rig(undefined, undefined, { ...DEFAULT_RISK_LIMITS, blacklist: ['DOGE'] });
    await r.trading.start();
    const open = (symbol: string) => ({ type: 'open' as const, symbol, side: 'long' as const, size: 1, price: 100, stopLoss: 90, takeProfit: 110 });
    expect(r.trading.vet(open('BTC'))).toBeNull();
    expect(r.trading.vet(open('DOGE'))).toMatch(/^RISK.BLACKLISTED/);
    await r.deps.setTradingState('HALTED', 't', 't');
    expect(r.trading.vet({ type: 'close', symbol: 'BTC', side: 'long', size: 1 })).toMatch(/HALTED/);
  });
});
