import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keypairFromSeed, signOperation, type Keypair } from '../../../src/data/pacifica/signing.js';
import { startSimulator, type Simulator } from '../../../src/data/simulator/index.js';
import { getJson, postJson } from './ws-client.js';

const main = keypairFromSeed(new Uint8Array(32).fill(7));
const agent = keypairFromSeed(new Uint8Array(32).fill(9));
const stranger = keypairFromSeed(new Uint8Array(32).fill(3));

function body(key: Keypair, account: string, type: string, payload: Record<string, unknown>, timestamp = Date.now(), agentWallet?: string): Record<string, unknown> {
  const header = signOperation(key, type, payload, timestamp, 5_000);
  return { account, ...(agentWallet ? { agent_wallet: agentWallet } : {}), ...header, ...payload };
}

describe('simulator signed account endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, pairs: ['BTC', 'ETH'], accountBalance: 10_000 });
  });
  afterAll(() => sim.stop());

  const market = (amount: string, side = 'bid') => ({ symbol: 'ETH', amount, side, slippage_percent: '0.5', reduce_only: false });

  it('accepts a signed market order, fills it against the book and shows the position', async () => {
    const before = sim.ledger.count('ETH');
    const res = await postJson(`${sim.apiUrl}/orders/create_market`, body(main, main.publicKey, 'create_market_order', market('0.5')));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, data: { order_id: expect.any(Number) } });
    expect(sim.ledger.count('ETH')).toBeGreaterThan(before);
    const positions = await getJson(`${sim.apiUrl}/positions?account=${main.publicKey}`);
    expect(positions.body.data).toEqual([expect.objectContaining({ symbol: 'ETH', side: 'bid', amount: '0.5', isolated: false })]);
    const account = await getJson(`${sim.apiUrl}/account?account=${main.publicKey}`);
    expect(Number(account.body.data.balance)).toBeLessThan(10_000);
    expect(account.body.data.positions_count).toBe(1);
  });

  it('rejects a bad signature and an expired request with HTTP 400', async () => {
    const forged = { ...body(stranger, main.publicKey, 'create_market_order', market('0.1')) };
    expect((await postJson(`${sim.apiUrl}/orders/create_market`, forged)).status).toBe(400);
    const tampered = { ...body(main, main.publicKey, 'create_market_order', market('0.1')), amount: '0.2' };
    const t = await postJson(`${sim.apiUrl}/orders/create_market`, tampered);
    expect(t.status).toBe(400);
    expect(t.body.error).toBe('Invalid signature');
    const old = body(main, main.publicKey, 'create_market_order', market('0.1'), Date.now() - 60_000);
    const e = await postJson(`${sim.apiUrl}/orders/create_market`, old);
    expect(e.status).toBe(400);
    expect(e.body.error).toMatch(/expired/);
  });

  it('answers an off-tick price or off-lot amount with HTTP 500 "Internal server error", like the venue', async () => {
    const limit = { symbol: 'ETH', price: '1000.05', amount: '0.1', side: 'bid', tif: 'GTC', reduce_only: false };
    const offTick = await postJson(`${sim.apiUrl}/orders/create`, body(main, main.publicKey, 'create_order', limit));
    expect(offTick.status).toBe(500);
    expect(offTick.body.error).toBe('Internal server error');
    const offLot = await postJson(`${sim.apiUrl}/orders/create_market`, body(main, main.publicKey, 'create_market_order', market('0.00005')));
    expect(offLot.status).toBe(500);
  });

  it('rests a GTC limit order below the market, lists it and cancels it', async () => {
    const limit = { symbol: 'ETH', price: '1000', amount: '0.1', side: 'bid', tif: 'GTC', reduce_only: false };
    const res = await postJson(`${sim.apiUrl}/orders/create`, body(main, main.publicKey, 'create_order', limit));
    const orderId = res.body.data.order_id;
    const orders = await getJson(`${sim.apiUrl}/orders?account=${main.publicKey}`);
    expect(orders.body.data).toEqual([expect.objectContaining({ order_id: orderId, price: '1000', initial_amount: '0.1', order_type: 'limit' })]);
    const cancel = await postJson(`${sim.apiUrl}/orders/cancel`, body(main, main.publicKey, 'cancel_order', { symbol: 'ETH', order_id: orderId }));
    expect(cancel.status).toBe(200);
    const again = await postJson(`${sim.apiUrl}/orders/cancel`, body(main, main.publicKey, 'cancel_order', { symbol: 'ETH', order_id: orderId }));
    expect(again.body.code).toBe(6);
  });

  it('lets a bound agent wallet sign for the account, and refuses an unbound one', async () => {
    const payload = market('0.1', 'ask');
    const unbound = await postJson(`${sim.apiUrl}/orders/create_market`, body(agent, main.publicKey, 'create_market_order', payload, Date.now(), agent.publicKey));
    expect(unbound.status).toBe(400);
    const bindBody = { account: main.publicKey, agent_wallet: agent.publicKey, ...signOperation(main, 'bind_agent_wallet', { agent_wallet: agent.publicKey }, Date.now()) };
    expect((await postJson(`${sim.apiUrl}/agent/bind`, bindBody)).status).toBe(200);
    const bound = await postJson(`${sim.apiUrl}/orders/create_market`, body(agent, main.publicKey, 'create_market_order', payload, Date.now(), agent.publicKey));
    expect(bound.status).toBe(200);
    const positions = await getJson(`${sim.apiUrl}/positions?account=${main.publicKey}`);
    expect(positions.body.data[0]).toMatchObject({ symbol: 'ETH', amount: '0.4' });
  });

  it('refuses an order beyond the margin and one below the minimum notional', async () => {
    const big = await postJson(`${sim.apiUrl}/orders/create_market`, body(stranger, stranger.publicKey, 'create_market_order', { ...market('200'), symbol: 'ETH' }));
    expect(big.body.code).toBe(5);
    const tiny = await postJson(`${sim.apiUrl}/orders/create_market`, body(stranger, stranger.publicKey, 'create_market_order', market('0.001')));
    expect(tiny.body.code).toBe(7);
  });

  it('sets leverage and position TP/SL, with the venue error codes', async () => {
    const lev = await postJson(`${sim.apiUrl}/account/leverage`, body(stranger, stranger.publicKey, 'update_leverage', { symbol: 'BTC', leverage: 5 }));
    expect(lev.status).toBe(200);
    const noPos = await postJson(`${sim.apiUrl}/positions/tpsl`, body(stranger, stranger.publicKey, 'set_position_tpsl', { symbol: 'BTC', side: 'ask', stop_loss: { stop_price: '1000' } }));
    expect(noPos.body.code).toBe(13);
    const tpsl = await postJson(`${sim.apiUrl}/positions/tpsl`, body(main, main.publicKey, 'set_position_tpsl', { symbol: 'ETH', side: 'ask', stop_loss: { stop_price: '1000' } }));
    expect(tpsl.status).toBe(200);
  });
});
