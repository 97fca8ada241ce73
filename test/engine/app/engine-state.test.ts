/**
 * The engine's state transitions on the fake clock, with fakes at its ports: start-up
 * phases, pairs and readiness, prices from trades, signals for every pair, the database
 * going down and back, a feed connection changing state, a silent feed, and stop.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/app/engine.js';
import { engineProbe } from '../../../src/engine/app/engine-probe.js';
import type { Engine } from '../../../src/engine/app/engine-types.js';
import { createEngineControl } from '../../../src/engine/app/spine/engine-control.js';
import type { EngineEvent } from '../../../src/engine/core/spine/engine-event.js';
import type { EngineState } from '../../../src/engine/core/spine/engine-state.js';
import { initialEngineState } from '../../../src/engine/core/spine/initial-state.js';
import { runSummary, statusFields } from '../../../src/engine/core/spine/projections.js';
import { statusLine } from '../../../src/cli/headless-command.js';
import { createVwmStrategy } from '../../../src/engine/core/vwm.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { activePair, FakeFeed, FakeRest, FakeWriter, MemoryStore } from './engine-fakes.js';

const T0 = Date.UTC(2026, 11, 1, 12, 1, 0);

function setup() {
  const clock = new FakeClock(T0);
  const store = new MemoryStore();
  store.pairs = [activePair('BTC'), activePair('ETH'), activePair('DOGE', 'small-cap')];
  const feed = new FakeFeed();
  const rest = new FakeRest(['BTC', 'ETH', 'DOGE'], T0);
  const writer = new FakeWriter();
  const strategy = createVwmStrategy();
  const initial = initialEngineState({ venue: 'simulator', mode: 'paper', startedAt: T0, version: 't', pid: 1, timeframe: strategy.timeframe, storage: { backend: 'pglite', description: 'memory' } });
  const control = createEngineControl({ initial, clock, logger: silentLogger });
  const engine = createEngine({
    store, feed, rest, writer, clock, logger: silentLogger, venue: 'simulator', control,
    settings: {
      strategy, portfolioValue: 100_000, backfill: true, scanIntervalMs: 10_000, whaleDetectionIntervalMs: 5_000, whaleImpactMs: 900_000,
      tickRetentionMs: 30 * 86_400_000, tickCompressionDays: 7, marketSpeed: 1, repairWaitMs: 1_000, feedSilentMs: 15_000,
    },
  });
  const seen: EngineState[] = [];
  engine.subscribe((s) => seen.push(s));
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return { clock, store, feed, rest, writer, engine, seen, events };
}

async function settleWhile(clock: FakeClock, p: Promise<unknown>, stepMs = 50, maxSteps = 400): Promise<void> {
  let done = false;
  void p.finally(() => (done = true));
  for (let i = 0; i < maxSteps && !done; i++) await clock.advance(stepMs);
  expect(done).toBe(true);
}

async function started(): Promise<ReturnType<typeof setup>> {
  const t = setup();
  await settleWhile(t.clock, t.engine.start());
  await t.clock.advance(500);
  return t;
}

const trade = (symbol: string, price: number, time: number) => ({ symbol, price, time, tradeId: time, volume: 1, side: 'buy' as const, venue: 'simulator' as const, receivedAt: time });

describe('engine state on the fake clock', () => {
  it('goes through the start-up phases to live, with every pair ready after backfill', async () => {
    const { engine, seen, rest, events } = await started();
    // Every phase is an event; subscribers see the coalesced result.
    const phases = [...new Set(events.flatMap((e) => (e.type === 'warmup.progressed' ? [e.warmup.phase] : [])))];
    expect(phases).toEqual(['syncing-pairs', 'subscribing', 'backfilling', 'live']);
    const backfill = events.flatMap((e) => (e.type === 'warmup.progressed' && e.warmup.phase === 'backfilling' ? [`${e.warmup.backfill.done}/${e.warmup.backfill.total}`] : []));
    expect(backfill).toEqual(['0/3', '0/3', '1/3', '2/3', '3/3']);
    expect(seen.at(-1)!.warmup.phase).toBe('live');
    expect(rest.klineCalls).toBe(3);
    const s = engine.getState();
    expect(s.warmup).toMatchObject({ ready: 3, total: 3, eta: null, phase: 'live' });
    expect(s.pairs.map((p) => p.symbol)).toEqual(['BTC', 'ETH', 'DOGE']);
    expect(s.stats.warmupMs).not.toBeNull();
  });

  it('a backfill that lands after warm-up\'s deadline does not put a live engine back to backfilling', async () => {
    const t = setup();
    let release: () => void = () => {};
    t.rest.gateKlines.set('ETH', new Promise((r) => (release = r)));
    await settleWhile(t.clock, t.engine.start(), 500, 100);
    expect(t.engine.getState().warmup.phase).toBe('live');
    release();
    await t.clock.advance(1_000);
    expect(t.engine.getState().warmup.phase).toBe('live');
    const afterLive = t.events.slice(t.events.findIndex((e) => e.type === 'warmup.progressed' && e.warmup.phase === 'live'));
    expect(afterLive.filter((e) => e.type === 'warmup.progressed' && e.warmup.phase === 'backfilling')).toEqual([]);
  });

  it('publishes a signal with its reason for every pair, and prices from trades', async () => {
    const { engine, feed, clock } = await started();
    await clock.advance(10_000);
    for (const p of engine.getState().pairs) expect(p.signal?.reason).toMatch(/\w/);
    feed.emit({ type: 'trades.received', trades: [trade('ETH', 123.5, clock.now())] });
    await clock.advance(300);
    const eth = engine.getState().pairs.find((p) => p.symbol === 'ETH')!;
    expect(eth.lastPrice).toBe(123.5);
    expect(engine.getState().storage.received).toBe(1);
  });

  it('storage down and back: state, events and alerts', async () => {
    const { engine, writer, clock, events } = await started();
    writer.dbState = 'down';
    writer.lastError = 'connect ECONNREFUSED';
    await clock.advance(300);
    expect(engine.getState().storage).toMatchObject({ state: 'down', lastError: 'connect ECONNREFUSED' });
    expect(engine.getState().alerts[0]).toMatchObject({ code: 'storage.down', level: 'error' });
    writer.dbState = 'up';
    await clock.advance(300);
    expect(engine.getState().storage.state).toBe('up');
    // opening -> up once the engine samples the open database (no "back" alert for that), then down and back.
    expect(events.filter((e) => e.type === 'storage.state_changed').map((e) => e.type === 'storage.state_changed' && `${e.from}->${e.to}`)).toEqual(['opening->up', 'up->down', 'down->up']);
    expect(engine.getState().alerts.filter((x) => x.code === 'storage.up')).toHaveLength(1);
  });

  it('a connection changing state is an event; a silent feed raises an alert once', async () => {
    const { engine, feed, clock, events } = await started();
    const conn = { id: 'c1', state: 'live' as const, attempt: 0, nextRetryAt: null, subscriptions: 9, messagesPerSecond: 4, lastMessageAt: clock.now(), reconnects: 0 };
    feed.connections = [conn];
    await clock.advance(300);
    feed.connections = [{ ...conn, state: 'reconnecting' }];
    await clock.advance(300);
    const changes = events.flatMap((e) => (e.type === 'feed.state_changed' ? [`${e.from}->${e.to}`] : []));
    expect(changes).toEqual(['null->live', 'live->reconnecting']);
    await clock.advance(20_000);
    expect(engine.getState().alerts.filter((a) => a.code === 'feed.silent')).toHaveLength(1);
  });

  it('stop ends in the stopped phase and notifies', async () => {
    const { engine, clock } = await started();
    await settleWhile(clock, engine.stop());
    expect(engine.getState().warmup.phase).toBe('stopped');
  });

  it('the engine.status log line and the run summary are projections of the state, and agree with getState()', async () => {
    const { engine, feed, clock, writer } = await started();
    feed.emit({ type: 'trades.received', trades: [trade('BTC', 101, clock.now()), trade('ETH', 99, clock.now())] });
    writer.dbState = 'down';
    await clock.advance(10_000);
    const line = statusLine(engine);
    const state = engine.getState();
    const { memory, ...fields } = line;
    expect(Object.keys(memory)).toEqual(['rss', 'heapUsed', 'external', 'arrayBuffers']);
    expect(fields).toEqual(statusFields(state, clock.now()));
    const summary = engine.summary();
    expect(summary).toEqual(runSummary(engine.getState(), clock.now()));
    // The three views of one state: the same numbers wherever they show the same thing.
    expect(fields.readiness).toMatchObject({ ready: state.warmup.ready, total: state.warmup.total, minAvailable: Math.min(...state.pairs.map((p) => p.readiness.available)) });
    expect(summary).toMatchObject({ readyPairs: state.warmup.ready, pairs: state.warmup.total, ticksReceived: state.storage.received, ticksStored: state.storage.stored, signals: state.stats.evaluations, tradingState: state.run.trading.state, mode: state.run.mode });
    expect(summary.ticksReceived).toBe(2);
    expect(fields.storage).toMatchObject({ state: 'down', stored: summary.ticksStored, retries: summary.writerRetries, deadLettered: summary.deadLettered });
    expect(fields.signals).toEqual({ evaluations: summary.signals, ...summary.decisions });
    expect(fields.signals.evaluations).toBeGreaterThan(0);
    expect(fields.gaps).toEqual({ repairs: summary.gapRepairs, recorded: summary.gapsRecorded, repairedTicks: summary.repairedTicks, repairing: state.gaps.repairing.length });
    expect(fields.feed.reconnects).toBe(summary.reconnects);
    expect(fields).toMatchObject({ phase: state.warmup.phase, mode: summary.mode, trading: summary.tradingState, positions: state.positions.length, openOrders: state.orders.open.length });
  });

  it('before any pair exists, the status line says minAvailable null (not Infinity) and the summary is all zeros', () => {
    const { engine, clock } = setup();
    const fields = engine.status();
    expect(fields.readiness.minAvailable).toBeNull();
    expect(JSON.parse(JSON.stringify(fields))).toEqual(fields);
    expect(engine.summary()).toMatchObject({ pairs: 0, ticksReceived: 0, ticksStored: 0, journaled: 0, readyPairs: 0 });
    expect(runSummary(engine.getState(), clock.now())).toEqual(engine.summary());
  });

  it('exposes no service: state, events, commands and the frozen pairs; the probe hands out frozen copies', async () => {
    const { engine } = await started();
    for (const k of ['market', 'candles', 'scanner', 'whales', 'readiness', 'gapsPending', 'gateway']) expect(k in engine, k).toBe(false);
    const pairs = engine.pairs();
    expect(Object.isFrozen(pairs) && Object.isFrozen(pairs[0])).toBe(true);
    expect(() => (pairs as unknown as unknown[]).push(pairs[0])).toThrow(TypeError);
    const probe = engineProbe(engine);
    expect(probe.readiness().map((r) => r.symbol)).toEqual(['BTC', 'ETH', 'DOGE']);
    expect(Object.isFrozen(probe.readiness()) && Object.isFrozen(probe.readiness()[0])).toBe(true);
  });

  it('never mutates a snapshot it published', async () => {
    const { engine, feed, clock, seen } = await started();
    const frozen = seen.map((s) => JSON.stringify(s));
    for (let i = 0; i < 10; i++) {
      feed.emit({ type: 'trades.received', trades: [trade('BTC', 100 + i, clock.now())] });
      await clock.advance(300);
    }
    frozen.forEach((json, i) => expect(JSON.stringify(seen[i])).toBe(json));
  });
});

export type { Engine };
