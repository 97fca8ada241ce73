import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { connect } from './ws-client.js';

const START = 1_760_000_000_000;

describe('simulator WS protocol', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11, speed: 60, startTime: START, maxSubsPerChannel: 20 });
  });
  afterAll(() => sim.stop());

  it('acks a subscribe with the params echoed and then streams trades in the venue shape', async () => {
    const c = await connect(sim.wsUrl);
    const params = { source: 'trades', symbol: 'BTC' };
    c.send({ method: 'subscribe', params });
    expect(await c.waitFor((m) => m.channel === 'subscribe')).toEqual({ channel: 'subscribe', data: params });
    const msg = await c.waitFor((m) => m.channel === 'trades');
    const t = msg.data[0];
    expect(Object.keys(t).sort()).toEqual(['a', 'd', 'h', 'it', 'li', 'p', 's', 't', 'tc']);
    expect(t).toMatchObject({ s: 'BTC', tc: expect.stringMatching(/^(normal|market_liquidation)$/), it: 0 });
    expect(t.p).toMatch(/^\d+(\.\d+)?$/);
    expect(t.a).toMatch(/^\d+(\.\d+)?$/);
    expect(Number.isInteger(t.t) && Number.isInteger(t.h) && Number.isInteger(t.li)).toBe(true);
    expect(['open_long', 'open_short', 'close_long', 'close_short']).toContain(t.d);
    c.close();
  });

  it('sends no ack and no error for a bad symbol or bad params', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ method: 'subscribe', params: { source: 'trades', symbol: 'NOPE' } });
    c.send({ method: 'subscribe', params: { source: 'book', symbol: 'BTC', agg_level: 3 } });
    c.send({ method: 'subscribe', params: { source: 'orderbook' } });
    c.send({ method: 'ping' });
    await c.waitFor((m) => m.channel === 'pong');
    expect(c.frames.filter((m: any) => m.channel !== 'pong')).toEqual([]);
    c.close();
  });

  it('answers ping with pong', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ method: 'ping' });
    expect(await c.waitFor((m) => m.channel === 'pong')).toEqual({ channel: 'pong' });
    c.close();
  });

  it('refuses (no ack) the 21st subscription of one channel on one connection', async () => {
    const c = await connect(sim.wsUrl);
    const symbols = sim.symbols.slice(0, 21);
    for (const symbol of symbols) c.send({ method: 'subscribe', params: { source: 'book', symbol, agg_level: 1 } });
    c.send({ method: 'subscribe', params: { source: 'trades', symbol: symbols[20] } });
    await c.waitFor((m) => m.channel === 'subscribe' && m.data.source === 'trades');
    const acks = c.frames.filter((m: any) => m.channel === 'subscribe' && m.data.source === 'book');
    expect(acks).toHaveLength(20);
    expect(acks.map((a: any) => a.data.symbol)).not.toContain(symbols[20]);
    c.close();
  });

  it('pushes full book snapshots with 20+ levels per side and prices with the full field set', async () => {
    const c = await connect(sim.wsUrl);
    c.send({ method: 'subscribe', params: { source: 'book', symbol: 'ETH', agg_level: 1 } });
    c.send({ method: 'subscribe', params: { source: 'prices' } });
    const book = await c.waitFor((m) => m.channel === 'book');
    expect(book.data.s).toBe('ETH');
    expect(book.data.l[0].length).toBeGreaterThanOrEqual(20);
    expect(book.data.l[1].length).toBeGreaterThanOrEqual(20);
    expect(Number(book.data.l[0][0].p)).toBeLessThan(Number(book.data.l[1][0].p));
    expect(Number(book.data.l[0][0].p)).toBeGreaterThan(Number(book.data.l[0][1].p));
    const prices = await c.waitFor((m) => m.channel === 'prices');
    expect(prices.data).toHaveLength(34);
    expect(Object.keys(prices.data[0]).sort()).toEqual(['funding', 'mark', 'mid', 'next_funding', 'open_interest', 'oracle', 'symbol', 'timestamp', 'volume_24h', 'yesterday_price']);
    c.close();
  });

  it('keeps trade history ids increasing across the venue', async () => {
    await vi.waitFor(() => expect(sim.ledger.count()).toBeGreaterThan(200));
    const hs = sim.ledger.all().map((t) => t.h);
    expect(hs.every((h, i) => i === 0 || h > (hs[i - 1] ?? 0))).toBe(true);
    for (const s of ['BTC', 'SOL']) {
      const times = sim.ledger.bySymbol(s).map((t) => t.time);
      expect(times.every((t, i) => i === 0 || t >= (times[i - 1] ?? 0))).toBe(true);
    }
  });

  it('unsubscribe stops the stream for that topic', async () => {
    const c = await connect(sim.wsUrl);
    const params = { source: 'trades', symbol: 'SOL' };
    c.send({ method: 'subscribe', params });
    await c.waitFor((m) => m.channel === 'trades');
    c.send({ method: 'unsubscribe', params });
    await c.waitFor((m) => m.channel === 'unsubscribe');
    const before = c.frames.length;
    const h = sim.ledger.count('SOL');
    await vi.waitFor(() => expect(sim.ledger.count('SOL')).toBeGreaterThan(h + 20));
    expect(c.frames.slice(before).filter((m: any) => m.channel === 'trades')).toEqual([]);
    c.close();
  });
});

describe('simulator connection cuts', () => {
  it('closes a connection that sent nothing for idleCutMs, and keeps one that pings', async () => {
    const sim = await startSimulator({ port: 0, seed: 1, pairs: ['BTC'], idleCutMs: 300, startTime: START });
    try {
      const idle = await connect(sim.wsUrl);
      const chatty = await connect(sim.wsUrl);
      const pinger = setInterval(() => chatty.send({ method: 'ping' }), 100);
      await vi.waitFor(() => expect(idle.closed).toBe(true), { timeout: 3_000 });
      clearInterval(pinger);
      expect(chatty.closed).toBe(false);
      chatty.close();
    } finally {
      await sim.stop();
    }
  });

  it('closes every connection after maxConnectionLifeMs even if it is active', async () => {
    const sim = await startSimulator({ port: 0, seed: 1, pairs: ['BTC'], maxConnectionLifeMs: 300, startTime: START });
    try {
      const c = await connect(sim.wsUrl);
      const pinger = setInterval(() => c.send({ method: 'ping' }), 50);
      await vi.waitFor(() => expect(c.closed).toBe(true), { timeout: 3_000 });
      clearInterval(pinger);
    } finally {
      await sim.stop();
    }
  });
});
