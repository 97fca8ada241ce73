import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { getJson } from './ws-client.js';

const START = 1_760_000_000_000;
const DAY = 86_400_000;

describe('simulator REST market data', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 21, speed: 60, startTime: START, pairs: ['BTC', 'ETH', 'SOL'], restTradesLimit: 50 });
  });
  afterAll(() => sim.stop());

  it('serves /info in the venue envelope with decimal strings', async () => {
    const { status, body } = await getJson(`${sim.apiUrl}/info`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, error: null, code: null });
    expect(body.data.map((m: any) => m.symbol)).toEqual(['BTC', 'ETH', 'SOL']);
    expect(body.data[0]).toMatchObject({ tick_size: '1', lot_size: '0.00001', max_leverage: 50, min_order_size: '10' });
  });

  it('reaches back at least 2 days of /kline history and caps a call at 4000 rows', async () => {
    const hour = 3_600_000;
    const from = Math.floor((START - 2 * DAY) / hour) * hour;
    const h1 = await getJson(`${sim.apiUrl}/kline?symbol=BTC&interval=1h&start_time=${from}&end_time=${START}`);
    expect(h1.body.data[0].t).toBe(from);
    // 48 whole historical hours plus the open hour that contains START.
    expect(h1.body.data).toHaveLength(49);
    expect(h1.body.data[48].t).toBe(Math.floor(START / hour) * hour);
    const row = h1.body.data[0];
    expect(Object.keys(row).sort()).toEqual(['T', 'c', 'h', 'i', 'l', 'n', 'o', 's', 't', 'v']);
    expect(row.T - row.t).toBe(3_600_000);
    expect(Number(row.l)).toBeLessThanOrEqual(Math.min(Number(row.o), Number(row.c)));
    const m1 = await getJson(`${sim.apiUrl}/kline?symbol=BTC&interval=1m&start_time=${START - 3 * DAY}`);
    expect(m1.body.data).toHaveLength(4000);
    const next = await getJson(`${sim.apiUrl}/kline?symbol=BTC&interval=1m&start_time=${m1.body.data[3999].t + 60_000}`);
    expect(next.body.data[0].t).toBe(m1.body.data[3999].t + 60_000);
  });

  it('builds live candles from the ledger trades (kline agrees with the emitted trades)', async () => {
    await vi.waitFor(() => expect(sim.clock.now()).toBeGreaterThan(START + 2 * 60_000 + 5_000), { timeout: 10_000 });
    const t = Math.floor(START / 60_000) * 60_000 + 60_000;
    const { body } = await getJson(`${sim.apiUrl}/kline?symbol=ETH&interval=1m&start_time=${t}&end_time=${t + 60_000}`);
    const trades = sim.ledger.bySymbol('ETH').filter((x) => x.time >= t && x.time < t + 60_000);
    const prices = trades.map((x) => Number(x.price));
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ t, n: trades.length, o: trades[0]!.price, c: trades.at(-1)!.price });
    expect(Number(body.data[0].h)).toBe(Math.max(...prices));
    expect(Number(body.data[0].v)).toBeCloseTo(trades.reduce((s, x) => s + Number(x.amount), 0), 6);
  });

  it('/trades returns the most recent restTradesLimit trades of the ledger, newest first', async () => {
    const { body } = await getJson(`${sim.apiUrl}/trades?symbol=SOL`);
    const ledger = sim.ledger.bySymbol('SOL');
    expect(body.data).toHaveLength(50);
    const head = body.data[0];
    expect(Object.keys(head).sort()).toEqual(['amount', 'cause', 'created_at', 'event_type', 'price', 'side']);
    const expected = ledger.filter((x) => x.time <= head.created_at).slice(-50).reverse();
    expect(body.data.map((x: any) => [x.created_at, x.price, x.amount, x.side])).toEqual(expected.map((x) => [x.time, x.price, x.amount, x.d]));
    expect(typeof body.last_order_id).toBe('number');
  });

  it('/book returns a full snapshot; a bad symbol answers code 3', async () => {
    const { body } = await getJson(`${sim.apiUrl}/book?symbol=BTC`);
    expect(body.data.s).toBe('BTC');
    expect(body.data.l[0].length).toBeGreaterThanOrEqual(20);
    const agg = await getJson(`${sim.apiUrl}/book?symbol=BTC&agg_level=100`);
    expect(agg.body.data.l[0].every((l: any) => Number(l.p) % 100 === 0)).toBe(true);
    const bad = await getJson(`${sim.apiUrl}/book?symbol=DOGE`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ success: false, code: 3 });
  });

  it('runs the sim clock at 60x real time', async () => {
    const real0 = performance.now();
    const sim0 = sim.clock.now();
    await vi.waitFor(() => expect(performance.now() - real0).toBeGreaterThan(300));
    const ratio = (sim.clock.now() - sim0) / (performance.now() - real0);
    expect(ratio).toBeGreaterThan(55);
    expect(ratio).toBeLessThan(65);
  });
});

describe('startSimulator options', () => {
  it('rejects a port in use with a clear message', async () => {
    const sim = await startSimulator({ port: 0, seed: 1, pairs: ['BTC'] });
    try {
      const err = await startSimulator({ port: sim.port, seed: 1, pairs: ['BTC'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NexwaveError);
      expect((err as NexwaveError).message).toBe(`simulator: port ${sim.port} on 127.0.0.1 is already in use`);
    } finally {
      await sim.stop();
    }
  });

  it.each([
    [{ port: -1, seed: 1 }, /port must be/],
    [{ port: 0, seed: 1.5 }, /seed must be an integer/],
    [{ port: 0, seed: 1, speed: 0 }, /speed must be/],
    [{ port: 0, seed: 1, pairs: ['BTC', 'MATIC'] }, /unknown pair\(s\) MATIC/],
    [{ port: 0, seed: 1, historyDays: 1 }, /historyDays must be/],
  ])('rejects %j', async (opts, message) => {
    await expect(startSimulator(opts)).rejects.toThrow(message);
  });

  it('emits tradesPerSecond trades per real second across the venue (benchmark rate)', async () => {
    const sim = await startSimulator({ port: 0, seed: 4, startTime: START, speed: 2, tradesPerSecond: 3000 });
    try {
      await vi.waitFor(() => expect(sim.clock.now()).toBeGreaterThan(START + 2_600), { timeout: 5_000 });
      await vi.waitFor(() => expect(sim.ledger.all().at(-1)?.time ?? 0).toBeGreaterThan(START + 2_250));
      // Sim window [0.5 s, 2.5 s) at speed 2 is one real second.
      const n = sim.ledger.all().filter((t) => t.time >= START + 500 && t.time < START + 2_500).length;
      expect(n).toBeGreaterThan(2_700);
      expect(n).toBeLessThan(3_300);
    } finally {
      await sim.stop();
    }
  });

  it('makes two simulators with the same seed and startTime serve the same history and first trades', async () => {
    const a = await startSimulator({ port: 0, seed: 77, speed: 60, startTime: START, pairs: ['ETH', 'SOL'] });
    const b = await startSimulator({ port: 0, seed: 77, speed: 60, startTime: START, pairs: ['ETH', 'SOL'] });
    try {
      const q = `/kline?symbol=SOL&interval=15m&start_time=${START - 2 * DAY}&end_time=${Math.floor(START / 900_000) * 900_000}`;
      expect((await getJson(b.apiUrl + q)).body).toEqual((await getJson(a.apiUrl + q)).body);
      await vi.waitFor(() => expect(Math.min(a.ledger.count(), b.ledger.count())).toBeGreaterThan(100));
      expect(b.ledger.all().slice(0, 100)).toEqual(a.ledger.all().slice(0, 100));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
