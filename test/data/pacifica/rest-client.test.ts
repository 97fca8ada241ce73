import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacificaRest, type PacificaRestOptions } from '../../../src/data/pacifica/rest-client.js';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { FakeRest, ok, type RecordedRequest } from './fake-rest.js';
import { recordingLogger } from './fake-venue.js';

let server: FakeRest;
beforeEach(async () => {
  server = await FakeRest.start();
});
afterEach(async () => {
  await server.close();
});

const MIN = 60_000;
const T0 = 1_749_052_260_000 - (1_749_052_260_000 % MIN);

function client(extra: Partial<PacificaRestOptions> = {}) {
  const rec = recordingLogger();
  const rest = createPacificaRest({
    baseUrl: server.baseUrl,
    logger: rec.logger,
    credits: { capacity: 10_000, windowMs: 60_000 },
    backoff: { baseMs: 10, capMs: 50 },
    ...extra,
  });
  return { rest, logs: rec.events };
}

const kline = (t: number) => ({ t, T: t + MIN, s: 'SOL', i: '1m', o: '100', c: '101', h: '102', l: '99', v: '3', n: 4 });

/** Venue-like /kline: rows with start in [start_time, end_time] (inclusive end, so pages overlap), at most `cap`. */
function klineRoute(total: number, cap: number) {
  return (req: RecordedRequest) => {
    const start = Number(req.query.get('start_time'));
    const end = Number(req.query.get('end_time'));
    const rows = [];
    for (let t = Math.ceil((start - T0) / MIN) * MIN + T0; t <= end && t < T0 + total * MIN && rows.length < cap; t += MIN) rows.push(kline(t));
    return ok(rows);
  };
}

async function rejection(p: Promise<unknown>): Promise<NexwaveError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof NexwaveError)) throw new Error(`expected a NexwaveError, got ${String(err)}`);
  return err;
}

describe('pacifica REST client against a real HTTP server', () => {
  it.each([
    ['uncapped server (pages of 4000 rows)', 10_000, 10_000, 3],
    ['server capped at 1500 rows per call', 10_000, 1500, 7],
  ])('pages /kline by start_time and de-duplicates by t: %s', async (_name, total, cap, calls) => {
    server.route = klineRoute(total, cap);
    const { rest } = client({ heavyCost: 1 });
    const candles = await rest.getKlines('SOL', '1m', T0, T0 + total * MIN);
    expect(candles).toHaveLength(total);
    candles.forEach((c, i) => expect(c.time).toBe(T0 + i * MIN));
    expect(candles[0]).toMatchObject({ source: 'backfill', vwap: (102 + 99 + 101) / 3, buyVolume: 0, sellVolume: 0, trades: 4 });
    expect(server.requests).toHaveLength(calls);
    for (const r of server.requests) {
      expect(r.path).toBe('/api/v1/kline');
      expect(Number(r.query.get('end_time')) - Number(r.query.get('start_time'))).toBeLessThanOrEqual(4000 * MIN);
    }
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    server.route = (_req, nth) =>
      nth <= 2 ? { status: 429, headers: { 'retry-after': '0.05' }, body: { success: false, data: null, error: 'Too many requests', code: null } } : ok([]);
    const { rest, logs } = client();
    await expect(rest.getInfo()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(90);
    expect(logs.filter((l) => l.event === 'rest.retry').map((l) => l.fields?.delayMs)).toEqual([50, 50]);
  });

  it('gives up after the bounded retries with EXCHANGE.RATE_LIMITED (retryable)', async () => {
    server.route = () => ({ status: 429, body: 'slow down' });
    const { rest } = client({ maxRetries: 2 });
    const err = await rejection(rest.getPrices());
    expect(err.code).toBe('EXCHANGE.RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('maps HTTP 500 on a signed POST to EXCHANGE.BAD_REQUEST and does not retry it', async () => {
    server.route = () => ({ status: 500, body: 'Internal server error' });
    const { rest } = client();
    const err = await rejection(rest.postSigned('/orders/create', { symbol: 'BTC', price: '100000.5', signature: 'x' }));
    expect(err.code).toBe('EXCHANGE.BAD_REQUEST');
    expect(err.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/orders/create' });
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ symbol: 'BTC', price: '100000.5' });
  });

  it('retries a 500 on a GET and reports EXCHANGE.SERVER when it persists', async () => {
    server.route = () => ({ status: 500, body: 'Internal server error' });
    const { rest } = client({ maxRetries: 1 });
    const err = await rejection(rest.getBook('SOL'));
    expect(err.code).toBe('EXCHANGE.SERVER');
    expect(err.retryable).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, { success: false, data: null, error: 'Insufficient balance', code: 5 }, 'EXCHANGE.INSUFFICIENT_FUNDS'],
    [400, { success: false, data: null, error: 'Invalid signature', code: null }, 'EXCHANGE.BAD_REQUEST'],
    [200, { success: false, data: null, error: 'Book not found', code: 3 }, 'EXCHANGE.NOT_FOUND'],
    [200, { success: false, data: null, error: 'Amount too low', code: 7 }, 'EXCHANGE.BAD_REQUEST'],
    [401, { success: false, data: null, error: 'Unauthorized', code: null }, 'EXCHANGE.AUTH'],
    [403, { success: false, data: null, error: 'Signer not whitelisted', code: null }, 'EXCHANGE.AUTH'],
  ])('maps HTTP %i %j to %s without retrying', async (status, body, code) => {
    server.route = () => ({ status, body });
    const { rest } = client();
    const err = await rejection(rest.postSigned('/orders/create_market', { symbol: 'BTC' }));
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('maps a refused connection to EXCHANGE.NETWORK after retrying', async () => {
    const { rest } = client({ maxRetries: 1 });
    await server.close();
    const err = await rejection(rest.getInfo());
    expect(err.code).toBe('EXCHANGE.NETWORK');
    server = await FakeRest.start();
  });

  it('sends PF-API-KEY and never puts the key in errors or logs', async () => {
    const apiKey = 'abcd1234_SecretKeyMaterial9';
    server.route = (_req, nth) => (nth === 1 ? { status: 429, body: 'x' } : { status: 401, body: { success: false, data: null, error: 'bad key', code: null } });
    const { rest, logs } = client({ apiKey, maxRetries: 1 });
    const err = await rejection(rest.getInfo());
    expect(server.requests[0]!.headers['pf-api-key']).toBe(apiKey);
    expect(err.code).toBe('EXCHANGE.AUTH');
    expect(`${err.message} ${JSON.stringify(err)} ${JSON.stringify(logs)}`).not.toContain('SecretKeyMaterial');
  });

  it('keeps only taker fills from /trades, oldest first, with the taker side', async () => {
    server.route = () =>
      ok([
        { event_type: 'fulfill_taker', price: '101', amount: '2', side: 'open_short', cause: 'normal', created_at: 2000 },
        { event_type: 'fulfill_maker', price: '101', amount: '2', side: 'open_long', cause: 'normal', created_at: 2000 },
        { event_type: 'fulfill_taker', price: '100', amount: '1', side: 'close_short', cause: 'normal', created_at: 1000 },
      ]);
    const { rest } = client();
    await expect(rest.getRecentTrades('SOL')).resolves.toEqual([
      { time: 1000, symbol: 'SOL', price: 100, amount: 1, side: 'buy' },
      { time: 2000, symbol: 'SOL', price: 101, amount: 2, side: 'sell' },
    ]);
    expect(server.requests[0]!.query.get('symbol')).toBe('SOL');
  });

  it('waits rather than exceed the credit budget (5 credits per 400 ms, 12 requests)', async () => {
    server.route = () => ok([]);
    const { rest } = client({ credits: { capacity: 5, windowMs: 400 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, () => rest.getPrices()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(780);
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times.filter((t) => t < started + 350)).toHaveLength(5);
    expect(times.filter((t) => t < started + 750)).toHaveLength(10);
  });
});
