import { describe, expect, it } from 'vitest';
import { createPaperBroker, type PaperBrokerOptions } from '../../../src/data/paper/paper-broker.js';
import type { PaperDoc } from '../../../src/data/paper/paper-doc.js';
import type { BookSnapshot } from '../../../src/engine/core/types.js';
import { FakeClock, settle } from '../../engine/app/batch-writer-fakes.js';

const book: BookSnapshot = {
  symbol: 'BTC', time: 0,
  bids: [{ price: 99, amount: 1, orders: 1 }, { price: 98, amount: 5, orders: 1 }],
  asks: [{ price: 101, amount: 1, orders: 1 }, { price: 102, amount: 5, orders: 1 }],
};
const fees = { takerFee: 0.001, makerFee: 0.0002, slippageBps: 5 };

function setup(over: Partial<PaperBrokerOptions> = {}) {
  const clock = new FakeClock();
  let stored: PaperDoc | null = null;
  let down = false;
  const persist = {
    load: async () => stored,
    save: async (d: PaperDoc) => {
      if (down) throw new Error('database down');
      stored = JSON.parse(JSON.stringify(d)) as PaperDoc;
    },
  };
  const opts: PaperBrokerOptions = { clock, book: (s) => (s === 'BTC' ? book : undefined), mark: (s) => (s === 'BTC' ? 100 : undefined), fees, startingBalance: 10_000, persist, slippageCapPct: 5, ...over };
  return { clock, opts, broker: createPaperBroker(opts), stored: () => stored, setDown: (d: boolean) => (down = d) };
}

const market = (id: string, side: 'buy' | 'sell', amount: number, reduceOnly = false) =>
  ({ clientOrderId: id, symbol: 'BTC', side, type: 'market' as const, amount, price: null, reduceOnly });

describe('paper broker', () => {
  it('fills a market order after the 200 ms delay at the VWAP of the levels it walks, plus the taker fee', async () => {
    const { broker, clock } = setup();
    let done = false;
    const p = broker.placeOrder(market('a', 'buy', 2, false)).then((v) => ((done = true), v));
    await clock.advance(199);
    expect(done).toBe(false);
    await clock.advance(1);
    const v = await p;
    expect(v).toMatchObject({ status: 'filled', filled: 2, avgFillPrice: 101.5 });
    expect(v.fee).toBeCloseTo(0.001 * 203, 10);
    expect(await broker.positions()).toEqual([{ symbol: 'BTC', side: 'long', amount: 2, entryPrice: 101.5, funding: 0 }]);
    const acct = await broker.account();
    expect(acct.balance).toBeCloseTo(10_000 - 0.203, 10);
    expect(acct.equity).toBeCloseTo(10_000 - 0.203 + (100 - 101.5) * 2, 10);
  });

  it('reduce-only closes realize PnL into the balance and never open a position', async () => {
    const { broker, clock } = setup();
    const open = broker.placeOrder(market('a', 'buy', 1));
    await clock.advance(200);
    await open;
    const close = broker.placeOrder(market('b', 'sell', 5, true));
    await clock.advance(200);
    const v = await close;
    expect(v).toMatchObject({ status: 'filled', filled: 1, avgFillPrice: 99 });
    expect(await broker.positions()).toEqual([]);
    expect((await broker.account()).balance).toBeCloseTo(10_000 - 2 - 0.101 - 0.099, 10);
    const again = broker.placeOrder(market('c', 'sell', 1, true));
    await clock.advance(200);
    expect(await again).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/reduce-only/) });
  });

  it('stops at the slippage cap: the rest is cancelled', async () => {
    const { broker, clock } = setup({ slippageCapPct: 1.5 });
    const p = broker.placeOrder(market('a', 'buy', 3));
    await clock.advance(200);
    expect(await p).toMatchObject({ status: 'cancelled', filled: 1, avgFillPrice: 101 });
  });

  it('limit orders rest until a trade crosses them', async () => {
    const { broker } = setup();
    const v = await broker.placeOrder({ clientOrderId: 'l', symbol: 'BTC', side: 'buy', type: 'limit', amount: 1, price: 95, reduceOnly: false });
    expect(v.status).toBe('open');
    const trade = { time: 1, symbol: 'BTC', tradeId: 1, price: 96, volume: 1, side: 'sell' as const, venue: 'simulator' as const };
    broker.onTrade(trade);
    expect((await broker.getOrder('l', 'BTC'))!.status).toBe('open');
    broker.onTrade({ ...trade, price: 95 });
    expect(await broker.getOrder('l', 'BTC')).toMatchObject({ status: 'filled', avgFillPrice: 95 });
    expect(await broker.cancelAll()).toBe(0);
  });

  it('a resting limit filled by a trade is a maker fill: it pays the maker fee', async () => {
    const { broker } = setup();
    await broker.placeOrder({ clientOrderId: 'm', symbol: 'BTC', side: 'sell', type: 'limit', amount: 2, price: 104, reduceOnly: false });
    broker.onTrade({ time: 1, symbol: 'BTC', tradeId: 1, price: 104.5, volume: 3, side: 'buy', venue: 'simulator' });
    const v = (await broker.getOrder('m', 'BTC'))!;
    expect(v).toMatchObject({ status: 'filled', avgFillPrice: 104 });
    expect(v.fee).toBeCloseTo(fees.makerFee * 2 * 104, 12);
    expect((await broker.account()).balance).toBeCloseTo(10_000 - fees.makerFee * 2 * 104, 9);
  });

  it('a limit crossing the book on arrival fills that part at once as a taker; the rest rests and fills as a maker', async () => {
    const { broker } = setup();
    // Buy 3 at 101.5: the 1 offered at 101 is taken now; 102 is past the limit, so 2 rest.
    const v = await broker.placeOrder({ clientOrderId: 'x', symbol: 'BTC', side: 'buy', type: 'limit', amount: 3, price: 101.5, reduceOnly: false });
    expect(v).toMatchObject({ status: 'partially_filled', filled: 1, avgFillPrice: 101 });
    expect(v.fee).toBeCloseTo(fees.takerFee * 101, 12);
    broker.onTrade({ time: 1, symbol: 'BTC', tradeId: 1, price: 101.4, volume: 5, side: 'sell', venue: 'simulator' });
    const after = (await broker.getOrder('x', 'BTC'))!;
    expect(after).toMatchObject({ status: 'filled', filled: 3 });
    expect(after.fee).toBeCloseTo(fees.takerFee * 101 + fees.makerFee * 2 * 101.5, 12);
    expect(await broker.positions()).toEqual([expect.objectContaining({ side: 'long', amount: 3 })]);
  });

  it('accrues funding on open positions into the balance', async () => {
    const { broker, clock } = setup();
    const p = broker.placeOrder(market('a', 'sell', 1));
    await clock.advance(200);
    await p;
    const paid = await broker.accrueFunding(() => 0.0001);
    expect(paid[0]!.amount).toBeCloseTo(0.01, 12);
    expect((await broker.positions())[0]!.funding).toBeCloseTo(0.01, 12);
  });

  it('the account, positions and orders survive a restart; a write while the database is down is queued', async () => {
    const s = setup();
    const p = s.broker.placeOrder(market('a', 'buy', 1));
    await s.clock.advance(200);
    await p;
    s.setDown(true);
    const q = s.broker.placeOrder(market('b', 'buy', 1));
    await s.clock.advance(200);
    expect((await q).status).toBe('filled');
    expect(s.stored()!.positions[0]!.amount).toBe(1);
    s.setDown(false);
    await s.clock.advance(1_000);
    await settle();
    expect(s.stored()!.positions[0]!.amount).toBe(2);
    const again = createPaperBroker(s.opts);
    await again.load();
    expect(await again.positions()).toEqual(await s.broker.positions());
    expect((await again.account()).balance).toBe((await s.broker.account()).balance);
    expect(await again.getOrder('b', 'BTC')).toMatchObject({ status: 'filled' });
  });
});
