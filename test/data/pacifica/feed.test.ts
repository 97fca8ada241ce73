import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPacificaFeed, type PacificaFeedOptions } from '../../../src/data/pacifica/feed.js';
import { topicKey } from '../../../src/data/pacifica/topics.js';
import type { MarketEvent, MarketFeed } from '../../../src/engine/ports/market-feed.js';
import { FakeVenue, recordingLogger } from './fake-venue.js';

const PAIRS_34 = [
  'BTC', 'ETH', 'SOL', 'HYPE', 'ZEC', 'BNB', 'XRP', 'PUMP', 'AAVE', 'ENA', 'ASTER', 'kBONK', 'kPEPE', 'LTC', 'PAXG', 'VIRTUAL',
  'SUI', 'FARTCOIN', 'TAO', 'DOGE', 'XPL', 'AVAX', 'LINK', 'UNI', 'WLFI', 'PENGU', '2Z', 'MON', 'LDO', 'CRV', 'TRUMP', 'ICP', 'NEAR', 'STRK',
];

let venue: FakeVenue | null = null;
let feed: MarketFeed | null = null;

afterEach(async () => {
  await feed?.stop();
  await venue?.close();
  feed = null;
  venue = null;
});

/** Short timings so the whole file runs in a couple of seconds. */
function startFeed(v: FakeVenue, extra: Partial<PacificaFeedOptions> = {}) {
  const rec = recordingLogger();
  const events: MarketEvent[] = [];
  const f = createPacificaFeed({
    url: v.url,
    venue: 'simulator',
    logger: rec.logger,
    ackTimeoutMs: 80,
    pingIntervalMs: 40,
    staleAfterMs: 250,
    backoff: { baseMs: 20, capMs: 100 },
    ...extra,
  });
  f.onEvent((e) => events.push(e));
  feed = f;
  return { feed: f, events, logs: rec.events };
}

const tradeIds = (events: MarketEvent[]): number[] =>
  events.flatMap((e) => (e.type === 'trades.received' ? e.trades.map((t) => t.tradeId) : []));

describe('pacifica feed against a scripted venue', () => {
  it('shards 34 symbols so no connection carries more than 20 subscriptions per channel', async () => {
    venue = await FakeVenue.start();
    const { feed: f } = startFeed(venue);
    await f.start(PAIRS_34);
    await vi.waitFor(() => expect(f.status().every((s) => s.state === 'live')).toBe(true));
    expect(venue.clients).toHaveLength(2);
    expect(venue.violations).toEqual([]);
    for (const c of venue.clients) {
      const byChannel = new Map<string, number>();
      for (const p of c.subs.values()) byChannel.set(String(p.source), (byChannel.get(String(p.source)) ?? 0) + 1);
      for (const n of byChannel.values()) expect(n).toBeLessThanOrEqual(20);
    }
    const subs = venue.clients.flatMap((c) => [...c.subs.values()]);
    expect(new Set(subs.filter((p) => p.source === 'trades').map((p) => p.symbol))).toEqual(new Set(PAIRS_34));
    expect(new Set(subs.filter((p) => p.source === 'book').map((p) => p.symbol))).toEqual(new Set(PAIRS_34));
    expect(subs.filter((p) => p.source === 'book').every((p) => p.agg_level === 1)).toBe(true);
    expect(subs.filter((p) => p.source === 'prices')).toHaveLength(1);
    expect(f.status().reduce((n, s) => n + s.subscriptions, 0)).toBe(69);
  });

  it('the venue refuses a 21st subscription on one connection (the limit the sharding respects)', async () => {
    venue = await FakeVenue.start();
    const { feed: f } = startFeed(venue, { maxSubsPerChannel: 21, maxSubscribeAttempts: 1 });
    await f.start(PAIRS_34.slice(0, 21));
    await vi.waitFor(() => expect(f.counters().subscribeFailures).toBe(2));
    expect(venue.violations).toHaveLength(2);
  });

  it('resends a subscription whose ack never came, and it then succeeds', async () => {
    const key = topicKey({ source: 'trades', symbol: 'SOL' });
    venue = await FakeVenue.start({ withholdAck: (k, nth) => k === key && nth === 1 });
    const { feed: f } = startFeed(venue);
    await f.start(['SOL', 'BTC']);
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    expect(venue.subscribeLog.filter((k) => k === key)).toHaveLength(2);
    expect(f.status()[0]?.subscriptions).toBe(5);
    expect(f.counters().subscribeFailures).toBe(0);
  });

  it('gives up on a topic after the bounded attempts, logs and counts it, and shows it in status', async () => {
    const key = topicKey({ source: 'book', symbol: 'NOPE', agg_level: 1 });
    venue = await FakeVenue.start({ withholdAck: (k) => k === key });
    const { feed: f, logs } = startFeed(venue, { maxSubscribeAttempts: 3 });
    await f.start(['NOPE']);
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    expect(venue.subscribeLog.filter((k) => k === key)).toHaveLength(3);
    expect(f.status()[0]?.failedTopics).toEqual([key]);
    expect(f.counters().subscribeFailures).toBe(1);
    expect(logs.some((l) => l.event === 'feed.subscribe_failed' && l.fields?.topic === key)).toBe(true);
  });

  it('pongs keep a data-silent connection alive well past staleAfterMs', async () => {
    venue = await FakeVenue.start();
    const { feed: f } = startFeed(venue);
    await f.start(['SOL']);
    await vi.waitFor(() => expect(venue?.clients[0]?.pings).toBeGreaterThanOrEqual(10), { timeout: 3000 });
    expect(venue.clients).toHaveLength(1);
    expect(f.status()[0]?.state).toBe('live');
    expect(f.counters().reconnects).toBe(0);
  });

  it('silence (no data, no pong) marks the socket stale, terminates it and reconnects', async () => {
    venue = await FakeVenue.start();
    const { feed: f, logs, events } = startFeed(venue);
    await f.start(['SOL']);
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    venue.silent = true;
    await vi.waitFor(() => expect(logs.some((l) => l.event === 'feed.stale')).toBe(true), { timeout: 3000 });
    venue.silent = false;
    await vi.waitFor(() => expect(venue?.clients.length).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    expect(venue.clients[0]?.closed).toBe(true);
    expect(f.counters().reconnects).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.type === 'feed.resubscribed')).toBe(true);
  });

  it('after a server drop: reconnects, resubscribes every topic, emits feed.resubscribed, data flows', async () => {
    venue = await FakeVenue.start();
    const { feed: f, events } = startFeed(venue);
    await f.start(['SOL', 'BTC']);
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    venue.pushTrade('SOL', 1);
    await vi.waitFor(() => expect(tradeIds(events)).toEqual([1]));
    const before = Date.now();
    venue.dropAll();
    await vi.waitFor(() => expect(venue?.open()[0]?.subs.size).toBe(5));
    const resub = await vi.waitFor(() => {
      const e = events.find((x) => x.type === 'feed.resubscribed');
      if (!e || e.type !== 'feed.resubscribed') throw new Error('no feed.resubscribed yet');
      return e;
    });
    expect([...resub.symbols].sort()).toEqual(['BTC', 'SOL']);
    expect(resub.downSince).not.toBeNull();
    expect(resub.downSince ?? Infinity).toBeLessThanOrEqual(before);
    venue.pushTrade('SOL', 2);
    await vi.waitFor(() => expect(tradeIds(events)).toEqual([1, 2]));
    expect(f.counters().reconnects).toBe(1);
  });

  it('rotates with overlap: a replacement goes live before the old socket closes, no duplicate, no gap', async () => {
    let id = 0;
    const solTrades = topicKey({ source: 'trades', symbol: 'SOL' });
    // A push right after the replacement's ack reaches both sockets: the overlap is certain.
    venue = await FakeVenue.start({ afterAck: (key) => key === solTrades && venue?.pushTrade('SOL', ++id) });
    const { feed: f, events, logs } = startFeed(venue, { rotateAfterMs: 250 });
    await f.start(['SOL']);
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    const pusher = setInterval(() => venue?.pushTrade('SOL', ++id), 2);
    await vi.waitFor(() => expect(logs.filter((l) => l.event === 'feed.rotated').length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    clearInterval(pusher);
    const last = id;
    await vi.waitFor(() => expect(tradeIds(events).at(-1)).toBe(last));
    const ids = tradeIds(events);
    const first = ids[0] ?? 0;
    expect(ids).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    expect(venue.overlapPushes).toBeGreaterThanOrEqual(2);
    expect(venue.clients.length).toBeGreaterThanOrEqual(3);
    expect(f.counters().reconnects).toBe(0);
    expect(events.some((e) => e.type === 'feed.resubscribed')).toBe(false);
  });

  it('counts malformed frames by kind, logs each kind once, and keeps the feed running', async () => {
    venue = await FakeVenue.start();
    const { feed: f, events, logs } = startFeed(venue);
    await f.start(['SOL']);
    await vi.waitFor(() => expect(f.status()[0]?.state).toBe('live'));
    venue.sendRaw('not json {');
    venue.sendRaw('still not json');
    venue.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef]), true);
    venue.sendRaw(JSON.stringify({ channel: 'trades', data: 'x' }));
    venue.sendRaw(JSON.stringify({ channel: 'wat', data: {} }));
    venue.sendRaw(JSON.stringify({
      channel: 'trades',
      data: [{ h: 7, s: 'SOL', a: 'NaN', p: '1', d: 'open_long', t: 1 }, { h: 8, s: 'SOL', a: '1', p: '2', d: 'open_short', tc: 'normal', t: 2 }],
    }));
    await vi.waitFor(() => expect(tradeIds(events)).toEqual([8]));
    expect(f.counters().malformed).toEqual({ json: 2, binary: 1, trades: 2, 'unknown-channel': 1 });
    expect(logs.filter((l) => l.event === 'feed.malformed')).toHaveLength(3 + 1);
    expect(f.status()[0]?.state).toBe('live');
  });

  it('stop() closes every socket and reports closed', async () => {
    venue = await FakeVenue.start();
    const { feed: f } = startFeed(venue);
    await f.start(PAIRS_34);
    await vi.waitFor(() => expect(f.status().every((s) => s.state === 'live')).toBe(true));
    await f.stop();
    expect(f.status().every((s) => s.state === 'closed')).toBe(true);
    await vi.waitFor(() => expect(venue?.clients.every((c) => c.closed)).toBe(true));
  });
});
