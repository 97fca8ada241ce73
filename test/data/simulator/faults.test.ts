import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { connect, getJson, postJson } from './ws-client.js';

const START = 1_760_000_000_000;

describe('simulator fault controls', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 8, speed: 60, startTime: START, pairs: ['BTC', 'ETH', 'SOL'] });
  });
  afterAll(() => sim.stop());

  it('drops every connection (POST /control/drop)', async () => {
    const a = await connect(sim.wsUrl);
    const b = await connect(sim.wsUrl);
    const res = await postJson(`${sim.controlUrl}/drop`, {});
    expect(res.body.data.dropped).toBe(2);
    await vi.waitFor(() => expect(a.closed && b.closed).toBe(true));
  });

  it('stalls: no data and no pong while stalled, then both resume', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ method: 'subscribe', params: { source: 'trades', symbol: 'BTC' } });
    await c.waitFor((m) => m.channel === 'trades');
    await postJson(`${sim.controlUrl}/stall`, { ms: 400 });
    const mark = c.frames.length;
    c.send({ method: 'ping' });
    const before = sim.ledger.count('BTC');
    await vi.waitFor(() => expect(sim.ledger.count('BTC')).toBeGreaterThan(before + 5));
    expect(c.frames.slice(mark)).toEqual([]);
    await vi.waitFor(() => expect(c.frames.slice(mark).some((m: any) => m.channel === 'trades')).toBe(true), { timeout: 3_000 });
    c.send({ method: 'ping' });
    await c.waitFor((m) => m.channel === 'pong');
    c.close();
  });

  it('sends N malformed frames to every connection (in-process control)', async () => {
    const c = await connect(sim.wsUrl);
    expect(sim.control.sendMalformed(9)).toBe(1);
    await vi.waitFor(() => expect(c.raw.length).toBe(9));
    expect(c.frames.filter((m: any) => m !== null && typeof m === 'object' && 'unparsable' in m).length).toBeGreaterThanOrEqual(3);
    c.close();
  });

  it('answers REST with 429 + Retry-After for the next N requests, then recovers', async () => {
    await postJson(`${sim.controlUrl}/rest`, { status: 429, count: 2, retryAfterSec: 3 });
    const first = await getJson(`${sim.apiUrl}/info`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await getJson(`${sim.apiUrl}/info`)).status).toBe(429);
    expect((await getJson(`${sim.apiUrl}/info`)).status).toBe(200);
  });

  it('answers REST with 500 for a duration', async () => {
    sim.control.failRest({ status: 500, durationMs: 200 });
    const res = await getJson(`${sim.apiUrl}/info/prices`);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ success: false, error: 'Internal server error' });
    await vi.waitFor(async () => expect((await getJson(`${sim.apiUrl}/info/prices`)).status).toBe(200));
  });

  it('adds latency to REST answers and WS sends', async () => {
    await postJson(`${sim.controlUrl}/latency`, { ms: 150 });
    try {
      const t0 = performance.now();
      await getJson(`${sim.apiUrl}/info`);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
      const c = await connect(sim.wsUrl);
      const t1 = performance.now();
      c.send({ method: 'ping' });
      await c.waitFor((m) => m.channel === 'pong');
      expect(performance.now() - t1).toBeGreaterThanOrEqual(145);
      c.close();
    } finally {
      sim.control.setLatency(0);
    }
  });

  it('pauses and resumes trading for one symbol', async () => {
    await postJson(`${sim.controlUrl}/pause`, { symbol: 'SOL' });
    const sol = sim.ledger.count('SOL');
    const eth = sim.ledger.count('ETH');
    await vi.waitFor(() => expect(sim.ledger.count('ETH')).toBeGreaterThan(eth + 30));
    expect(sim.ledger.count('SOL')).toBe(sol);
    await postJson(`${sim.controlUrl}/resume`, { symbol: 'SOL' });
    await vi.waitFor(() => expect(sim.ledger.count('SOL')).toBeGreaterThan(sol));
  });

  it('exposes the ledger over GET /control/ledger', async () => {
    const { body } = await getJson(`${sim.controlUrl}/ledger?symbol=ETH`);
    expect(body.data.count).toBeGreaterThan(0);
    expect(body.data.trades[0]).toEqual(sim.ledger.bySymbol('ETH')[0]);
  });
});

describe('simulator start-up faults', () => {
  it('starts with REST failing and a symbol paused when told to', async () => {
    const sim = await startSimulator({ port: 0, seed: 2, speed: 60, pairs: ['BTC', 'ETH'], faults: { rest: { status: 500, count: 1 }, pausedSymbols: ['ETH'] } });
    try {
      expect((await getJson(`${sim.apiUrl}/info`)).status).toBe(500);
      expect((await getJson(`${sim.apiUrl}/info`)).status).toBe(200);
      await vi.waitFor(() => expect(sim.ledger.count('BTC')).toBeGreaterThan(20));
      expect(sim.ledger.count('ETH')).toBe(0);
    } finally {
      await sim.stop();
    }
  });
});
