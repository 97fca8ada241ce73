/**
 * The live broker against the simulator's signed endpoints (the simulator verifies every
 * signature): orders, rounding to /info's lot, lookups by client_order_id, typed errors,
 * and the order manager's crash recovery and kill switch over real signed requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveBroker, type LiveBroker } from '../../../src/data/pacifica/live-broker.js';
import { keypairFromSeed } from '../../../src/data/pacifica/signing.js';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { createEngineControl } from '../../../src/engine/app/spine/engine-control.js';
import { assembleTradingDeps } from '../../../src/engine/app/trading/assemble.js';
import { createTrading } from '../../../src/engine/app/trading/trading-service.js';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { initialEngineState } from '../../../src/engine/core/spine/initial-state.js';
import { DEFAULT_RISK_LIMITS } from '../../../src/engine/core/trading/risk.js';
import { systemClock } from '../../../src/engine/ports/clock.js';
import { MemoryTradingStore } from '../../engine/app/trading/fixtures.js';
import { RecordingLogger } from '../../engine/app/batch-writer-fakes.js';

const PAIRS = ['BTC', 'ETH', 'SOL', 'HYPE', 'BNB', 'XRP', 'LTC', 'AVAX', 'LINK', 'DOGE'];
let sim: Simulator;
let n = 0;
const cid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const fresh = (seed: number): { broker: LiveBroker; secret: string } => {
  const key = keypairFromSeed(new Uint8Array(32).fill(seed));
  return { broker: createLiveBroker({ baseUrl: sim.apiUrl, clock: systemClock, credentials: { account: key.publicKey, secret: key.secretB58 }, credits: { capacity: 10_000, windowMs: 60_000 } }), secret: key.secretB58 };
};
const failure = async (p: Promise<unknown>): Promise<NexwaveError> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(NexwaveError);
  return err as NexwaveError;
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, pairs: PAIRS, accountBalance: 1_000_000 });
});
afterAll(() => sim.stop());

describe('live Pacifica broker against the simulator', () => {
  it('signs a market order, rounds the amount down to the lot, and reads the fill back by client_order_id', async () => {
    const { broker } = fresh(21);
    await broker.loadMarkets();
    const id = cid();
    const o = await broker.placeOrder({ clientOrderId: id, symbol: 'ETH', side: 'buy', type: 'market', amount: 0.500049, price: null, reduceOnly: false });
    expect(o).toMatchObject({ clientOrderId: id, status: 'filled', filled: 0.5, type: 'market' });
    expect(o.avgFillPrice).toBeGreaterThan(0);
    expect(await broker.positions()).toEqual([expect.objectContaining({ symbol: 'ETH', side: 'long', amount: 0.5 })]);
    expect((await broker.getOrder(id, 'ETH'))?.status).toBe('filled');
    expect(await broker.getOrder(cid(), 'ETH')).toBeNull();
    const acct = await broker.account();
    expect(acct.balance).toBeLessThan(1_000_000);
  });

  it('rests a limit order, cancels all, and types venue errors (duplicate id, bad signature, 429)', async () => {
    const { broker } = fresh(22);
    await broker.loadMarkets();
    const id = cid();
    const resting = await broker.placeOrder({ clientOrderId: id, symbol: 'BTC', side: 'buy', type: 'limit', amount: 0.01, price: 1_000.3, reduceOnly: false });
    expect(resting.status).toBe('open');
    expect(await broker.cancelAll()).toBe(1);
    expect((await broker.getOrder(id, 'BTC'))?.status).toBe('cancelled');
    const dup = await failure(broker.placeOrder({ clientOrderId: id, symbol: 'BTC', side: 'buy', type: 'limit', amount: 0.01, price: 1_000, reduceOnly: false }));
    expect([dup.code, dup.retryable]).toEqual(['EXCHANGE.BAD_REQUEST', false]);
    const other = keypairFromSeed(new Uint8Array(32).fill(23));
    const forged = createLiveBroker({ baseUrl: sim.apiUrl, clock: systemClock, credentials: { account: keypairFromSeed(new Uint8Array(32).fill(22)).publicKey, secret: other.secretB58, agentWallet: other.publicKey } });
    await forged.loadMarkets();
    const bad = await failure(forged.placeOrder({ clientOrderId: cid(), symbol: 'BTC', side: 'buy', type: 'market', amount: 0.01, price: null, reduceOnly: false }));
    expect(bad.retryable).toBe(false);
    expect(bad.message).not.toContain(other.secretB58);
    sim.control.failRest({ status: 429, count: 1, retryAfterSec: 1 });
    const limited = await failure(broker.positions());
    expect([limited.code, limited.retryable]).toEqual(['EXCHANGE.RATE_LIMITED', true]);
  });

  it('restart after a crash: a recorded-but-unsent order is rejected, a sent one is resolved by client_order_id; nothing is sent twice', async () => {
    const { broker } = fresh(24);
    await broker.loadMarkets();
    const store = new MemoryTradingStore();
    const sentId = cid();
    // Crash between sending and recording the answer: the venue has it, the database says submitted.
    const sent = await broker.placeOrder({ clientOrderId: sentId, symbol: 'SOL', side: 'buy', type: 'market', amount: 1, price: null, reduceOnly: false });
    const base = { venueOrderId: null, strategyId: 'vwm', side: 'buy' as const, type: 'market' as const, amount: 1, filled: 0, price: null, avgFillPrice: null, reduceOnly: false, mode: 'live' as const, reason: 'entry', createdAt: 1, updatedAt: 1 };
    await store.saveOrder({ ...base, clientOrderId: sentId, symbol: 'SOL', status: 'submitted' });
    // Crash between recording and sending.
    const ghostId = cid();
    await store.saveOrder({ ...base, clientOrderId: ghostId, symbol: 'LTC', status: 'pending' });
    const control = createEngineControl({
      initial: initialEngineState({ venue: 'simulator', mode: 'live', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: 'x' } }),
      clock: systemClock, logger: new RecordingLogger(),
    });
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store, strategyId: 'vwm', mark: () => undefined, limits: DEFAULT_RISK_LIMITS, ids: cid });
    const trading = createTrading(deps, { liveUnavailable: () => 'n/a' });
    await trading.start();
    expect(store.orders.get(ghostId)).toMatchObject({ status: 'rejected', reason: 'never reached the venue' });
    expect(store.orders.get(sentId)).toMatchObject({ status: 'filled', filled: 1, avgFillPrice: sent.avgFillPrice });
    expect(await broker.getOrder(ghostId, 'LTC')).toBeNull();
    expect(control.spine.store.getState().positions).toEqual([expect.objectContaining({ symbol: 'SOL', amount: 1, mode: 'live' })]);
    await trading.stop();
    control.close();
  });

  it('kill switch over signed requests: 10 positions and a resting order end flat and HALTED', async () => {
    const { broker } = fresh(25);
    await broker.loadMarkets();
    const prices = ((await (await fetch(`${sim.apiUrl}/info/prices`)).json()) as { data: { symbol: string; mark: string }[] }).data;
    const mark = (s: string): number => Number(prices.find((p) => p.symbol === s)!.mark);
    for (const s of PAIRS) await broker.placeOrder({ clientOrderId: cid(), symbol: s, side: PAIRS.indexOf(s) % 2 ? 'sell' : 'buy', type: 'market', amount: 100 / mark(s), price: null, reduceOnly: false });
    await broker.placeOrder({ clientOrderId: cid(), symbol: 'BTC', side: 'buy', type: 'limit', amount: 0.01, price: 1_000, reduceOnly: false });
    expect(await broker.positions()).toHaveLength(10);
    const control = createEngineControl({
      initial: initialEngineState({ venue: 'simulator', mode: 'live', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: 'x' } }),
      clock: systemClock, logger: new RecordingLogger(),
    });
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: new MemoryTradingStore(), strategyId: 'vwm', mark: () => undefined, ids: cid });
    const trading = createTrading(deps, { liveUnavailable: () => 'n/a' });
    await trading.start();
    expect(control.spine.store.getState().positions.every((p) => p.external)).toBe(true);
    const p = await trading.flatten('test');
    expect(p).toMatchObject({ flat: true, ordersCancelled: 1 });
    expect(p.symbols.map((s) => s.status)).toEqual(Array(10).fill('closed'));
    expect(await broker.positions()).toEqual([]);
    expect(control.spine.store.getState().run.trading.state).toBe('HALTED');
    await trading.stop();
    control.close();
  });
});

describe('mode.set', () => {
  it('paper -> live after reconciliation (external positions adopted); live orders are signed and marked live; back to paper with it open, its exit still signed and sent live', async () => {
    const { createSwitchableBroker } = await import('../../../src/engine/app/trading/switchable-broker.js');
    const { createPaperBroker } = await import('../../../src/data/paper/paper-broker.js');
    const { broker: live } = fresh(26);
    await live.loadMarkets();
    const paper = createPaperBroker({ clock: systemClock, book: () => undefined, mark: () => 100, fees: { takerFee: 0, makerFee: 0, slippageBps: 0 }, startingBalance: 1_000 });
    const switchable = createSwitchableBroker(paper);
    const control = createEngineControl({
      initial: initialEngineState({ venue: 'simulator', mode: 'paper', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: 'x' } }),
      clock: systemClock, logger: new RecordingLogger(),
    });
    const deps = assembleTradingDeps({ control, clock: systemClock, broker: switchable, store: new MemoryTradingStore(), strategyId: 'vwm', mark: () => undefined, ids: cid });
    let fail: string | null = 'PACIFICA_ACCOUNT is not set';
    const trading = createTrading(deps, { liveUnavailable: () => 'x', modes: { broker: switchable, paper, connectLive: async () => {
      if (fail) throw new Error(fail);
      return live;
    } } });
    trading.register(control.gateway);
    await trading.start();
    const origin = { kind: 'console' as const };
    expect(await control.sink.execute({ type: 'mode.set', mode: 'live' }, origin)).toMatchObject({ status: 'refused', code: 'COMMAND.CONFIRMATION' });
    expect(await control.sink.execute({ type: 'mode.set', mode: 'live', confirm: 'LIVE' }, origin)).toMatchObject({ status: 'refused', reason: expect.stringMatching(/PACIFICA_ACCOUNT/) });
    await live.placeOrder({ clientOrderId: cid(), symbol: 'ETH', side: 'buy', type: 'market', amount: 0.1, price: null, reduceOnly: false });
    fail = null;
    expect(await control.sink.execute({ type: 'mode.set', mode: 'live', confirm: 'LIVE' }, origin)).toMatchObject({ status: 'accepted' });
    const s = control.spine.store.getState();
    expect(s.run.mode).toBe('live');
    expect(s.positions).toEqual([expect.objectContaining({ symbol: 'ETH', external: true, mode: 'live' })]);
    // Back to paper with the live position open: accepted; the position stays, live, and its exit goes live.
    expect(await control.sink.execute({ type: 'mode.set', mode: 'paper' }, origin)).toMatchObject({ status: 'accepted', message: expect.stringMatching(/1 live position/) });
    expect(control.spine.store.getState().run.mode).toBe('paper');
    expect(control.spine.store.getState().positions).toEqual([expect.objectContaining({ symbol: 'ETH', mode: 'live' })]);
    const close = await trading.orders.submit({ symbol: 'ETH', side: 'sell', type: 'market', amount: 0.1, price: null, reduceOnly: true, purpose: 'exit', reason: 'x', strategyId: 'external' });
    expect(close).toMatchObject({ status: 'filled', mode: 'live' });
    expect(await live.positions()).toEqual([]);
    expect(control.spine.store.getState().positions).toEqual([]);
    await trading.stop();
    control.close();
  });
});

describe('kill switch against a faulty venue', () => {
  const rig = async (seed: number, symbols: readonly string[], killSwitch = {}) => {
    const { broker } = fresh(seed);
    await broker.loadMarkets();
    const prices = ((await (await fetch(`${sim.apiUrl}/info/prices`)).json()) as { data: { symbol: string; mark: string }[] }).data;
    const mark = (s: string): number => Number(prices.find((p) => p.symbol === s)!.mark);
    for (const s of symbols) await broker.placeOrder({ clientOrderId: cid(), symbol: s, side: 'buy', type: 'market', amount: 50 / mark(s), price: null, reduceOnly: false });
    const control = createEngineControl({
      initial: initialEngineState({ venue: 'simulator', mode: 'live', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: 'x' } }),
      clock: systemClock, logger: new RecordingLogger(),
    });
    const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: new MemoryTradingStore(), strategyId: 'vwm', mark: () => undefined, ids: cid });
    const trading = createTrading(deps, { liveUnavailable: () => 'n/a', killSwitch: { backoffMs: 20, ...killSwitch } });
    await trading.start();
    return { broker, control, trading };
  };

  it('venue errors on the cancel, the position reads and a close: retried, ends flat', async () => {
    const r = await rig(31, PAIRS);
    sim.control.failRest({ status: 500, count: 4 });
    const p = await r.trading.flatten('test');
    sim.control.failRest(null);
    expect(p.flat).toBe(true);
    expect(await r.broker.positions()).toEqual([]);
    await r.trading.stop();
    r.control.close();
  });

  it('a venue that keeps failing: not flat, and the report names every symbol still open and why', async () => {
    const r = await rig(32, ['ETH', 'SOL'], { attempts: 2 });
    sim.control.failRest({ status: 500, durationMs: 60_000 });
    const p = await r.trading.flatten('test');
    sim.control.failRest(null);
    expect(p.flat).toBe(false);
    expect(p.symbols.map((s) => [s.symbol, s.status])).toEqual([['ETH', 'failed'], ['SOL', 'failed']]);
    expect(p.symbols.every((s) => /500/.test(s.detail ?? ''))).toBe(true);
    expect(r.control.spine.store.getState().run.trading.state).toBe('HALTED');
    expect(r.control.spine.store.getState().alerts[0]).toMatchObject({ code: 'kill_switch', level: 'error' });
    await r.trading.stop();
    r.control.close();
  });
});
