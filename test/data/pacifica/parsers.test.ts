import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dispatchFrame, type Frame } from '../../../src/data/pacifica/dispatch.js';
import { parseInfo } from '../../../src/data/pacifica/parse-info.js';
import { parseKlines } from '../../../src/data/pacifica/parse-kline.js';
import { parseEnvelope } from '../../../src/data/pacifica/parse-rest-envelope.js';
import { parseRestTrades } from '../../../src/data/pacifica/parse-rest-trades.js';
import { takerSide } from '../../../src/data/pacifica/parse-trades.js';
import { shardTopics, topicKey } from '../../../src/data/pacifica/topics.js';

// Recorded payloads, verbatim from pacifica-api.md §1.3 / §1.1 / §1.2.
const TRADES = '{"channel":"trades","data":[{"h":80062522,"s":"BTC","a":"0.00001","p":"89471","d":"close_short","tc":"normal","t":1765018379085,"li":1559885104,"it":0}]}';
const BOOK = '{"channel":"book","data":{"l":[[{"a":"37.86","n":4,"p":"157.47"}],[{"a":"12.7","n":2,"p":"157.49"}]],"s":"SOL","t":1749051881187,"li":1559885104}}';
const PRICES = '{"channel":"prices","data":[{"funding":"0.0000125","mark":"105473","mid":"105476","next_funding":"0.0000125","open_interest":"0.00524","oracle":"105473","symbol":"BTC","timestamp":1749051612681,"volume_24h":"63265.87522","yesterday_price":"955476"}]}';
const ACK = '{"channel":"subscribe","data":{"source":"book","symbol":"SOL","agg_level":1}}';
const PONG = '{"channel":"pong"}';

const frame = (text: string): Frame => dispatchFrame(text, false, 'pacifica', 42);

describe('venue frames on recorded payloads', () => {
  it.each<[string, string, unknown]>([
    ['trades', TRADES, { kind: 'trades', invalid: 0, ticks: [{ time: 1765018379085, symbol: 'BTC', tradeId: 80062522, price: 89471, volume: 0.00001, side: 'buy', venue: 'pacifica', cause: 'normal', receivedAt: 42 }] }],
    ['book', BOOK, { kind: 'book', book: { symbol: 'SOL', time: 1749051881187, bids: [{ price: 157.47, amount: 37.86, orders: 4 }], asks: [{ price: 157.49, amount: 12.7, orders: 2 }], receivedAt: 42 } }],
    ['prices', PRICES, { kind: 'prices', invalid: 0, prices: [{ symbol: 'BTC', time: 1749051612681, mark: 105473, mid: 105476, oracle: 105473, funding: 0.0000125, nextFunding: 0.0000125, openInterest: 0.00524, volume24h: 63265.87522 }] }],
    ['ack', ACK, { kind: 'ack', key: topicKey({ source: 'book', symbol: 'SOL', agg_level: 1 }) }],
    ['pong', PONG, { kind: 'pong' }],
  ])('%s', (_name, text, expected) => {
    expect(frame(text)).toMatchObject(expected as object);
  });

  it.each([
    ['open_long', 'buy'],
    ['close_short', 'buy'],
    ['open_short', 'sell'],
    ['close_long', 'sell'],
  ] as const)('taker side of %s is %s', (d, side) => expect(takerSide(d)).toBe(side));

  const badTrade = (patch: Record<string, unknown>) =>
    JSON.stringify({ channel: 'trades', data: [{ h: 1, s: 'BTC', a: '1', p: '2', d: 'open_long', tc: 'normal', t: 1, ...patch }] });
  it.each([
    ['NaN price', { p: 'NaN' }],
    ['negative amount', { a: '-1' }],
    ['zero price', { p: '0' }],
    ['exponent', { p: '1e5' }],
    ['number instead of string', { p: 2 }],
    ['blank', { a: ' 1' }],
    ['unknown side', { d: 'long' }],
    ['fractional id', { h: 1.5 }],
    ['missing time', { t: undefined }],
  ])('rejects a trade with %s (counted invalid, not thrown)', (_name, patch) => {
    expect(frame(badTrade(patch))).toMatchObject({ kind: 'trades', ticks: [], invalid: 1 });
  });

  it('keeps a trade with an unknown cause (cause left out) rather than dropping the tick', () => {
    const f = frame(badTrade({ tc: 'new_cause' }));
    expect(f).toMatchObject({ kind: 'trades', invalid: 0 });
    expect(f.kind === 'trades' && 'cause' in f.ticks[0]!).toBe(false);
  });

  it.each([
    ['not JSON', 'nope', 'json'],
    ['no channel', '{"data":[]}', 'envelope'],
    ['unknown channel', '{"channel":"orderbook","data":[]}', 'unknown-channel'],
    ['book with one side', '{"channel":"book","data":{"l":[[]],"s":"SOL","t":1}}', 'book'],
    ['trades not an array', '{"channel":"trades","data":{}}', 'trades'],
    ['ack with nested params', '{"channel":"subscribe","data":{"a":{"b":1}}}', 'subscribe'],
  ])('classifies %s as malformed %s', (_name, text, reason) => {
    expect(frame(text)).toMatchObject({ kind: 'malformed', reason });
  });

  it('treats a binary frame as malformed', () => {
    expect(dispatchFrame(Buffer.from(TRADES), true, 'pacifica', 1)).toMatchObject({ kind: 'malformed', reason: 'binary' });
  });
});

describe('REST payloads', () => {
  it('parses the envelope, success and business error', () => {
    expect(parseEnvelope({ success: true, data: [1], error: null, code: null })).toEqual({ ok: true, data: [1] });
    expect(parseEnvelope({ success: false, data: null, error: 'Insufficient balance', code: 5 })).toEqual({ ok: false, error: 'Insufficient balance', code: 5 });
    expect(parseEnvelope('<html>')).toBeNull();
  });

  it('parses /info markets (sizes as numbers, USD order limits)', () => {
    const row = { symbol: 'BTC', tick_size: '1', min_tick: '0', max_tick: '1000000', lot_size: '0.00001', max_leverage: 50, isolated_only: false, min_order_size: '10', max_order_size: '5000000', funding_rate: '0.0000125', next_funding_rate: '0.0000125', created_at: 1748881333944 };
    expect(parseInfo([row, { ...row, tick_size: '-1' }])).toEqual({
      items: [{ symbol: 'BTC', tickSize: 1, lotSize: 0.00001, maxLeverage: 50, minOrderSize: 10, maxOrderSize: 5_000_000, isolatedOnly: false }],
      invalid: 1,
      sample: expect.stringContaining('"tick_size":"-1"'),
    });
  });

  it.each([
    ['max_leverage 1e12 (the pairs column is an integer)', { max_leverage: 1e12 }],
    ['a 29-character symbol (pairs.symbol is varchar(20))', { symbol: 'ABCDEFGHIJKLMNOPQRSTUVWXYZABC' }],
    ['a symbol with a space', { symbol: 'BT C' }],
    ['max_order_size below min_order_size', { min_order_size: '100', max_order_size: '10' }],
    ['a tick size of 1e13', { tick_size: '10000000000000' }],
  ])('drops an /info market with %s and keeps the others', (_what, bad) => {
    const row = { symbol: 'BTC', tick_size: '1', lot_size: '0.00001', max_leverage: 50, isolated_only: false, min_order_size: '10', max_order_size: '5000000' };
    const r = parseInfo([{ ...row, symbol: 'ETH' }, { ...row, ...bad }, row]);
    expect(r?.items.map((m) => m.symbol)).toEqual(['ETH', 'BTC']);
    expect(r?.invalid).toBe(1);
  });

  it('turns /kline rows into backfill candles with the documented vwap and unknown taker split', () => {
    const row = { t: 1749052260000, T: 1749052320000, s: 'SOL', i: '1m', o: '157.3', c: '157.32', h: '157.32', l: '157.3', v: '1.22', n: 8 };
    const r = parseKlines([row, { ...row, v: '0' }, { ...row, h: '157.31' }, { ...row, i: '5m' }], '1m');
    expect(r?.invalid).toBe(2);
    expect(r?.items[0]).toEqual({ symbol: 'SOL', timeframe: '1m', time: 1749052260000, open: 157.3, high: 157.32, low: 157.3, close: 157.32, volume: 1.22, vwap: (157.32 + 157.3 + 157.32) / 3, trades: 8, buyVolume: 0, sellVolume: 0, source: 'backfill' });
    expect(r?.items[1]?.vwap).toBe(157.32);
  });

  it('keeps only fulfill_taker rows from /trades', () => {
    const r = parseRestTrades([
      { event_type: 'fulfill_maker', price: '1', amount: '1', side: 'open_long', cause: 'normal', created_at: 5 },
      { event_type: 'fulfill_taker', price: '1', amount: '1', side: 'open_long', cause: 'normal', created_at: 5 },
    ], 'BTC');
    expect(r?.items).toEqual([{ time: 5, symbol: 'BTC', price: 1, amount: 1, side: 'buy' }]);
  });
});

describe('sharding', () => {
  it.each([
    [0, 1],
    [1, 1],
    [20, 1],
    [21, 2],
    [34, 2],
    [41, 3],
  ])('%i symbols -> %i connections, each within 20 per channel, prices once', (n, conns) => {
    const shards = shardTopics(Array.from({ length: n }, (_, i) => `S${i}`), 20);
    expect(shards).toHaveLength(conns);
    for (const s of shards) {
      for (const ch of ['trades', 'book', 'prices']) expect(s.filter((t) => t.channel === ch).length).toBeLessThanOrEqual(20);
    }
    expect(shards.flat().filter((t) => t.channel === 'trades')).toHaveLength(n);
    expect(shards.flat().filter((t) => t.channel === 'prices')).toHaveLength(1);
  });
});

describe('dispatcher under 10k generated junk frames', () => {
  const CHANNELS = ['trades', 'book', 'prices', 'subscribe', 'pong', 'candle', ''];
  const junk = fc.oneof(
    fc.json().map((text) => ({ text, binary: false })),
    fc.string().map((text) => ({ text, binary: false })),
    fc.record({ channel: fc.constantFrom(...CHANNELS), data: fc.anything() }).map((o) => ({ text: JSON.stringify(o) ?? '', binary: false })),
    fc.integer({ min: 0, max: 400 }).chain((cut) => fc.constantFrom(TRADES, BOOK, PRICES, ACK).map((s) => ({ text: s.slice(0, cut), binary: false }))),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ text: Buffer.from(bytes).toString('latin1'), binary: true })),
  );

  it('never throws and classifies every frame (counted by kind)', () => {
    const counts: Record<string, number> = {};
    let total = 0;
    fc.assert(
      fc.property(junk, ({ text, binary }) => {
        const f = binary ? dispatchFrame(Buffer.from(text, 'latin1'), true, 'pacifica', 0) : dispatchFrame(text, false, 'pacifica', 0);
        const kind = f.kind === 'malformed' ? `malformed:${f.reason}` : f.kind;
        counts[kind] = (counts[kind] ?? 0) + 1;
        total += 1;
        if (f.kind === 'malformed') expect(f.sample.length).toBeLessThanOrEqual(161);
        if (f.kind === 'trades') for (const t of f.ticks) expect(t.price > 0 && t.volume > 0 && Number.isFinite(t.time)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    expect(total).toBe(10_000);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const k of ['malformed:json', 'malformed:binary', 'malformed:envelope', 'malformed:unknown-channel', 'malformed:book']) {
      expect(counts[k] ?? 0).toBeGreaterThan(0);
    }
  });
});
