/**
 * The live broker following the account over the simulator's real sockets: a resting limit
 * order filled by the simulated market reaches the order manager through the account stream
 * (no REST order read after it was placed); with the stream stalled, the REST cross-check
 * delivers the fill instead; malformed account frames are counted and ignored; a closed
 * position is pushed empty and the broker's positions follow. The key is never printed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLiveBroker, type LiveBroker, type LiveBrokerOptions } from '../../../src/data/pacifica/live-broker.js';
import { keypairFromSeed } from '../../../src/data/pacifica/signing.js';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { createEngineControl, type EngineControl } from '../../../src/engine/app/spine/engine-control.js';
import { assembleTradingDeps } from '../../../src/engine/app/trading/assemble.js';
import { createTrading, type Trading } from '../../../src/engine/app/trading/trading-service.js';
import { initialEngineState } from '../../../src/engine/core/spine/initial-state.js';
import { systemClock } from '../../../src/engine/ports/clock.js';
import type { VenuePosition } from '../../../src/engine/ports/exchange.js';
import type { Logger } from '../../../src/engine/ports/logger.js';
import { MemoryTradingStore } from '../../engine/app/trading/fixtures.js';

const key = keypairFromSeed(new Uint8Array(32).fill(61));
let n = 0;
const cid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const lines: string[] = [];
const logger: Logger = Object.fromEntries(['debug', 'info', 'warn', 'error'].map((l) => [l, (event: string, f?: Record<string, unknown>) => void lines.push(JSON.stringify({ l, event, ...f }))])) as unknown as Logger;

interface Rig {
  readonly sim: Simulator;
  readonly broker: LiveBroker;
  /** "METHOD path" of every REST request the broker made. */
  readonly requests: string[];
  readonly control: EngineControl;
  readonly trading: Trading;
}
let rig: Rig | null = null;

async function start(crossCheck: LiveBrokerOptions['crossCheck']): Promise<Rig> {
  const sim = await startSimulator({ port: 0, seed: 17, pairs: ['BTC', 'ETH'], accountBalance: 1_000_000, speed: 60 });
  const requests: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname.replace('/api/v1', '')}`);
    return fetch(input, init);
  };
  const broker = createLiveBroker({
    baseUrl: sim.apiUrl, clock: systemClock, credentials: { account: key.publicKey, secret: key.secretB58 }, credits: { capacity: 10_000, windowMs: 60_000 },
    fetchImpl, logger, crossCheck, stream: { url: sim.wsUrl, venue: 'simulator', pingIntervalMs: 100, staleAfterMs: 400, backoff: { baseMs: 100, capMs: 200 } },
  });
  await broker.loadMarkets();
  await broker.startSync();
  const control = createEngineControl({
    initial: initialEngineState({ venue: 'simulator', mode: 'live', startedAt: Date.now(), version: 't', pid: 1, timeframe: '15m', storage: { backend: 'pglite', description: 'x' } }),
    clock: systemClock, logger,
  });
  const deps = assembleTradingDeps({ control, clock: systemClock, broker, store: new MemoryTradingStore(), strategyId: 'vwm', mark: () => undefined, ids: cid });
  const trading = createTrading(deps, { liveUnavailable: () => 'n/a', pushSettleMs: 50 });
  await trading.start();
  rig = { sim, broker, requests, control, trading };
  return rig;
}

afterEach(async () => {
  if (!rig) return;
  await rig.trading.stop();
  await rig.broker.close();
  rig.control.close();
  await rig.sim.stop();
  rig = null;
  expect(lines.join('\n')).not.toContain(key.secretB58);
});

/** A bid a few levels under the touch: it rests until the market is moved down through it. */
/**
 * A bid 4% under the best one, on the tick: the market (60x, on a machine that may be slow)
 * does not reach it by itself before the test moves the price 6% down.
 */
async function restingBid(r: Rig, symbol: string) {
  const book = ((await (await fetch(`${r.sim.apiUrl}/book?symbol=${symbol}`)).json()) as { data: { l: Array<Array<{ p: string }>> } }).data;
  const info = ((await (await fetch(`${r.sim.apiUrl}/info`)).json()) as { data: Array<{ symbol: string; tick_size: string }> }).data;
  const tick = info.find((m) => m.symbol === symbol)!.tick_size;
  const decimals = tick.includes('.') ? tick.split('.')[1]!.length : 0;
  const price = Number(((Math.round((Number(book.l[0]![0]!.p) * 0.96) / Number(tick)) * Number(tick))).toFixed(decimals));
  const o = await r.trading.orders.submit({ symbol, side: 'buy', type: 'limit', amount: 0.01, price, reduceOnly: false, purpose: 'entry', reason: 'test' });
  return { order: o, price };
}

const FILL_WAIT = { timeout: 10_000, interval: 20 };

describe('live broker: fills from the account stream, cross-checked by REST', () => {
  it('a resting limit order filled by the market reaches the order manager as filled through the stream, not REST', async () => {
    const r = await start({ healthyMs: 600_000, downMs: 600_000 });
    await vi.waitFor(() => expect(r.broker.connections()).toEqual([expect.objectContaining({ state: 'live', subscriptions: 4 })]));
    const { order, price } = await restingBid(r, 'BTC');
    expect(order.status).toBe('open');
    const placedAt = r.requests.length;
    r.sim.control.move('BTC', -6);
    await vi.waitFor(() => expect(r.trading.orders.order(order.clientOrderId)?.status).toBe('filled'), FILL_WAIT);
    expect(r.trading.orders.order(order.clientOrderId)).toMatchObject({ filled: 0.01, avgFillPrice: price });
    expect(r.requests.slice(placedAt).filter((q) => q.startsWith('GET /orders'))).toEqual([]);
    expect(r.broker.syncCounters().recoveredByRest).toBe(0);
    // The maker fee came from account_trades (the REST estimate would be the taker fee).
    const position = r.control.spine.store.getState().positions.find((p) => p.symbol === 'BTC');
    expect(position).toMatchObject({ amount: 0.01, external: false });
    expect(position!.fees).toBeCloseTo(0.01 * price * 0.00015, 6);
  }, 20_000);

  it('stream stalled: the REST cross-check delivers the fill, and the stream is shown down', async () => {
    const r = await start({ healthyMs: 600_000, downMs: 200 });
    await vi.waitFor(() => expect(r.broker.connections()[0]?.state).toBe('live'));
    const { order } = await restingBid(r, 'BTC');
    r.sim.control.stall(60_000);
    await vi.waitFor(() => expect(r.broker.connections()[0]?.state).not.toBe('live'), { timeout: 5_000 });
    r.sim.control.move('BTC', -6);
    await vi.waitFor(() => expect(r.trading.orders.order(order.clientOrderId)?.status).toBe('filled'), FILL_WAIT);
    expect(r.broker.syncCounters().recoveredByRest).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => l.includes('account_sync.recovered') && l.includes(order.clientOrderId))).toBe(true);
    expect(r.broker.connections()[0]?.state).not.toBe('live');
  }, 20_000);

  it('dropped connections: the stream resubscribes, and a REST read on resubscribe catches what was missed', async () => {
    const r = await start({ healthyMs: 600_000, downMs: 600_000 });
    await vi.waitFor(() => expect(r.broker.connections()[0]?.state).toBe('live'));
    const checks = r.broker.syncCounters().crossChecks;
    r.sim.control.dropConnections();
    await vi.waitFor(() => expect(r.broker.connections()[0]).toMatchObject({ state: 'live', reconnects: 1 }), { timeout: 5_000 });
    await vi.waitFor(() => expect(r.broker.syncCounters().crossChecks).toBe(checks + 1));
  });

  it('malformed account frames are counted by channel and ignored; the stream goes on', async () => {
    const r = await start({ healthyMs: 600_000, downMs: 600_000 });
    await vi.waitFor(() => expect(r.broker.connections()[0]?.state).toBe('live'));
    r.sim.control.inject([
      '{"channel":"account_order_updates","data":[{"i":"x","os":"filled"}]}',
      '{"channel":"account_trades","data":"nope"}',
      '{"channel":"account_positions","data":[{"s":"BTC","d":"up","a":"1","p":"1"}]}',
      '{"channel":"account_info","data":{"ae":"NaN","b":"1"}}',
      '{"channel":"account_trades","data":[{"h":1,"i":1,"s":"BTC","p":"1","a":"1","te":"fulfill_taker","f":"-","t":1}]',
    ]);
    await vi.waitFor(() => expect(r.broker.syncCounters().malformed).toEqual({ account_order_updates: 1, account_trades: 1, account_positions: 1, account_info: 1, json: 1 }));
    expect(r.control.spine.store.getState().positions).toEqual([]);
    const o = await r.trading.orders.submit({ symbol: 'ETH', side: 'buy', type: 'limit', amount: 0.1, price: 1_000, reduceOnly: false, purpose: 'entry', reason: 'test' });
    await r.broker.cancelOrder('ETH', o.clientOrderId);
    await vi.waitFor(() => expect(r.trading.orders.order(o.clientOrderId)?.status).toBe('cancelled'));
    expect(r.broker.syncCounters().recoveredByRest).toBe(0);
  });

  it('positions follow the pushes: a position opened elsewhere is adopted from the push, then closed (pushed empty) and gone', async () => {
    const r = await start({ healthyMs: 600_000, downMs: 600_000 });
    const seen: Array<readonly VenuePosition[]> = [];
    r.broker.onPositions!((p) => seen.push(p));
    await vi.waitFor(() => expect(r.broker.connections()[0]?.state).toBe('live'));
    // Opened behind the order manager's back (another client of the account).
    await r.broker.placeOrder({ clientOrderId: cid(), symbol: 'ETH', side: 'buy', type: 'market', amount: 0.5, price: null, reduceOnly: false });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([expect.objectContaining({ symbol: 'ETH', side: 'long', amount: 0.5 })]));
    await vi.waitFor(() => expect(r.control.spine.store.getState().positions).toEqual([expect.objectContaining({ symbol: 'ETH', external: true, amount: 0.5 })]));
    const close = await r.trading.orders.submit({ symbol: 'ETH', side: 'sell', type: 'market', amount: 0.5, price: null, reduceOnly: true, purpose: 'exit', reason: 'test', strategyId: 'external' });
    expect(close.status).toBe('filled');
    await vi.waitFor(() => expect(seen.at(-1)).toEqual([]));
    expect(r.control.spine.store.getState().positions).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.control.spine.store.getState().alerts.filter((a) => a.code === 'reconcile.mismatch')).toEqual([]);
    await vi.waitFor(() => expect(r.control.spine.store.getState().account?.balance).toBeLessThan(1_000_000));
  });
});
