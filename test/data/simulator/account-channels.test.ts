/**
 * The simulator's account channels over a real socket (pacifica-api.md §1.4): ack as §1.1,
 * a positions snapshot on subscribe, pushes when orders, fills, positions and the account
 * change, a closed position pushed as `[]`, and nothing for an account it does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keypairFromSeed, signOperation, type Keypair } from '../../../src/data/pacifica/signing.js';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { connect, getJson, postJson, type Recorder } from './ws-client.js';

const CHANNELS = ['account_info', 'account_positions', 'account_order_updates', 'account_trades'];
const trader = keypairFromSeed(new Uint8Array(32).fill(41));
const nobody = keypairFromSeed(new Uint8Array(32).fill(42));

const signed = (key: Keypair, type: string, payload: Record<string, unknown>): Record<string, unknown> => ({
  account: key.publicKey, ...signOperation(key, type, payload, Date.now(), 5_000), ...payload,
});
const on = (channel: string) => (m: any): boolean => m?.channel === channel;

describe('simulator account channels', () => {
  let sim: Simulator;
  let ws: Recorder;
  const post = (path: string, type: string, payload: Record<string, unknown>) => postJson(`${sim.apiUrl}${path}`, signed(trader, type, payload));
  const subscribeAll = async (rec: Recorder, account: string): Promise<void> => {
    for (const source of CHANNELS) rec.send({ method: 'subscribe', params: { source, account } });
    for (const source of CHANNELS) await rec.waitFor((m) => m.channel === 'subscribe' && m.data.source === source && m.data.account === account);
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 9, pairs: ['BTC', 'ETH'], accountBalance: 100_000, speed: 60 });
    await post('/orders/create_market', 'create_market_order', { symbol: 'BTC', amount: '0.01', side: 'bid', slippage_percent: '1', reduce_only: false });
    ws = await connect(sim.wsUrl);
    await subscribeAll(ws, trader.publicKey);
  });
  afterAll(async () => {
    ws.close();
    await sim.stop();
  });

  it('acks with the params and sends the positions snapshot on subscribe', async () => {
    const snapshot = await ws.waitFor(on('account_positions'));
    expect(snapshot).toMatchObject({ data: [{ s: 'BTC', d: 'bid', a: '0.01', m: '0', f: '0', i: false, l: null, t: expect.any(Number) }], li: expect.any(Number) });
    expect(snapshot.data[0].p).toMatch(/^\d+(\.\d+)?$/);
  });

  it('pushes a market order: the taker fill with its fee, the order filled, the position, then account_info', async () => {
    const from = ws.frames.length;
    const cid = '00000000-0000-4000-8000-000000000101';
    await post('/orders/create_market', 'create_market_order', { symbol: 'ETH', amount: '0.5', side: 'bid', slippage_percent: '1', reduce_only: false, client_order_id: cid });
    await ws.waitFor((m) => m.channel === 'account_info' && ws.frames.indexOf(m) > from);
    const pushed = ws.frames.slice(from) as Array<{ channel: string; data: any }>;
    expect(pushed.map((m) => m.channel)).toEqual(['account_trades', 'account_order_updates', 'account_positions', 'account_info']);
    const [trade] = pushed[0]!.data;
    expect(trade).toMatchObject({ I: cid, u: trader.publicKey, s: 'ETH', a: '0.5', te: 'fulfill_taker', ts: 'open_long', tc: 'normal' });
    expect(Number(trade.f)).toBeCloseTo(0.5 * Number(trade.p) * 0.0004, 6);
    expect(pushed[1]!.data[0]).toMatchObject({ I: cid, s: 'ETH', d: 'bid', a: '0.5', f: '0.5', os: 'filled', ot: 'market', oe: 'fulfill_market', r: false });
    expect(pushed[2]!.data).toEqual([expect.objectContaining({ s: 'ETH', d: 'bid', a: '0.5' })]);
    expect(pushed[3]!.data).toMatchObject({ pc: 2, oc: 0, b: expect.stringMatching(/^\d+(\.\d+)?$/), ae: expect.any(String) });
  });

  it('a closed position is pushed empty, and the close is a close_long trade with its realized PnL', async () => {
    const from = ws.frames.length;
    await post('/orders/create_market', 'create_market_order', { symbol: 'ETH', amount: '0.5', side: 'ask', slippage_percent: '1', reduce_only: true });
    const closed = await ws.waitFor((m) => m.channel === 'account_positions' && ws.frames.indexOf(m) > from);
    expect(closed.data).toEqual([]);
    const trade = ws.frames.slice(from).find(on('account_trades')) as { data: Array<Record<string, string>> };
    expect(trade.data[0]).toMatchObject({ ts: 'close_long', te: 'fulfill_taker' });
    expect(trade.data[0]!.n).toMatch(/^-?\d+(\.\d+)?$/);
    expect((await getJson(`${sim.apiUrl}/positions?account=${trader.publicKey}`)).body.data).toHaveLength(1);
  });

  it('a resting limit order: open on creation, then filled by the market as a maker fill, or cancelled', async () => {
    const book = (await getJson(`${sim.apiUrl}/book?symbol=BTC`)).body.data as { l: Array<Array<{ p: string }>> };
    // A few levels under the touch: it rests until the price is moved down through it.
    const bid = book.l[0]![3]!.p;
    const cid = '00000000-0000-4000-8000-000000000102';
    await post('/orders/create', 'create_order', { symbol: 'BTC', price: bid, amount: '0.01', side: 'bid', tif: 'GTC', reduce_only: false, client_order_id: cid });
    const mine = (m: any): boolean => m.channel === 'account_order_updates' && m.data[0].I === cid;
    expect((await ws.waitFor(mine)).data[0]).toMatchObject({ os: 'open', oe: 'make', f: '0', ip: bid });
    expect((await postJson(`${sim.controlUrl}/move`, { symbol: 'BTC', pct: -2 })).status).toBe(200);
    const filled = await ws.waitFor((m) => mine(m) && m.data[0].os === 'filled');
    expect(filled.data[0]).toMatchObject({ oe: 'fulfill_limit', f: '0.01', a: '0.01' });
    const trade = ws.frames.find((m: any) => m.channel === 'account_trades' && m.data[0].I === cid) as { data: Array<Record<string, string>> };
    expect(trade.data[0]).toMatchObject({ te: 'fulfill_maker', p: filled.data[0].p });
    expect(Number(trade.data[0]!.f)).toBeCloseTo(0.01 * Number(bid) * 0.00015, 6);
    const history = (await getJson(`${sim.apiUrl}/orders/history?account=${trader.publicKey}`)).body.data as Array<Record<string, unknown>>;
    expect(history.find((h) => h.client_order_id === cid)).toMatchObject({ order_status: 'filled', filled_amount: '0.01' });

    const far = '00000000-0000-4000-8000-000000000103';
    await post('/orders/create', 'create_order', { symbol: 'BTC', price: '1000', amount: '0.01', side: 'bid', tif: 'GTC', reduce_only: false, client_order_id: far });
    await post('/orders/cancel', 'cancel_order', { symbol: 'BTC', client_order_id: far });
    const cancelled = await ws.waitFor((m) => m.channel === 'account_order_updates' && m.data[0].I === far && m.data[0].os === 'cancelled');
    expect(cancelled.data[0]).toMatchObject({ oe: 'cancel', f: '0' });
  });

  it('an account it never saw is acked but gets no snapshot; a malformed address gets no ack', async () => {
    const other = await connect(sim.wsUrl);
    try {
      await subscribeAll(other, nobody.publicKey);
      other.send({ method: 'subscribe', params: { source: 'account_trades', account: 'not-an-address' } });
      other.send({ method: 'ping' });
      await other.waitFor(on('pong'));
      await post('/orders/create_market', 'create_market_order', { symbol: 'BTC', amount: '0.01', side: 'ask', slippage_percent: '1', reduce_only: true });
      await ws.waitFor((m) => m.channel === 'account_positions' && Array.isArray(m.data) && m.data.length === 0 && ws.frames.indexOf(m) > 10);
      other.send({ method: 'ping' });
      await other.waitFor((m) => m.channel === 'pong' && other.frames.filter(on('pong')).length === 2);
      expect(other.frames.filter((m: any) => m.channel !== 'subscribe' && m.channel !== 'pong')).toEqual([]);
      expect(other.frames.filter(on('subscribe'))).toHaveLength(4);
    } finally {
      other.close();
    }
  });
});
