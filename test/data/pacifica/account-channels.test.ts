/**
 * The account channel parsers on the documented payloads (pacifica-api.md §1.4), their frames
 * through dispatch, and the order merge that keeps stream and REST updates to one delivery.
 */
import { describe, expect, it } from 'vitest';
import { dispatchFrame } from '../../../src/data/pacifica/dispatch.js';
import { createOrderMerge, isNewer } from '../../../src/data/pacifica/order-merge.js';
import { parseAccountInfo, parseAccountTrades, parseOrderUpdates, parsePositionPush } from '../../../src/data/pacifica/parse-account-channels.js';
import type { VenueOrder } from '../../../src/engine/ports/exchange.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const ORDER = { i: 1500000123, I: 'c-1', u: '42trU9A5', s: 'ETH', d: 'bid', p: '3012.4', ip: '3012.4', a: '0.5', f: '0.5', oe: 'fulfill_limit', os: 'filled', ot: 'limit', sp: null, si: null, r: false, ct: 1764133203991, ut: 1764133656974, li: 1500000124 };
const TRADE = { h: 90000001, i: 1500000123, I: 'c-1', u: '42trU9A5', s: 'ETH', p: '3012.4', o: '3012.4', a: '0.5', te: 'fulfill_maker', ts: 'open_long', tc: 'normal', f: '0.22593', n: '0', t: 1764133656974, li: 1500000124, it: 0 };
const POSITION = { s: 'BTC', d: 'bid', a: '0.00022', p: '87185', m: '0', f: '-0.00023989', i: false, l: null, t: 1764133203991 };
const INFO = { ae: '10012.5', as: '9800.1', aw: '9800.1', b: '10000', f: 0, mu: '212.4', cm: '106.2', oc: 1, pb: '0', pc: 1, sc: 0, sb: [], t: 1764133656974 };

describe('account channel parsers', () => {
  it('account_order_updates -> venue orders (fee 0: it is on account_trades)', () => {
    expect(parseOrderUpdates([ORDER])).toEqual({
      items: [{ clientOrderId: 'c-1', venueOrderId: '1500000123', symbol: 'ETH', side: 'buy', type: 'limit', amount: 0.5, price: 3012.4, reduceOnly: false, status: 'filled', filled: 0.5, avgFillPrice: 3012.4, fee: 0, reason: null, updatedAt: 1764133656974 }],
      invalid: 0, sample: null,
    });
    const cancelled = parseOrderUpdates([{ ...ORDER, I: null, f: '0', os: 'cancelled', oe: 'cancel', ot: 'stop_market', ip: null }])!.items[0]!;
    expect(cancelled).toMatchObject({ clientOrderId: 'venue-1500000123', status: 'cancelled', type: 'market', price: null, avgFillPrice: null, reason: 'cancelled at the venue (cancel)' });
    expect(parseOrderUpdates([{ ...ORDER, os: 'exploded' }, { ...ORDER, f: '1e3' }, ORDER])).toMatchObject({ invalid: 2, items: [{ status: 'filled' }] });
    expect(parseOrderUpdates({})).toBeNull();
  });

  it('account_trades -> fills with fee, realized PnL and maker/taker', () => {
    expect(parseAccountTrades([TRADE])!.items).toEqual([{ historyId: 90000001, venueOrderId: '1500000123', clientOrderId: 'c-1', symbol: 'ETH', price: 3012.4, amount: 0.5, fee: 0.22593, pnl: 0, maker: true, time: 1764133656974 }]);
    expect(parseAccountTrades([{ ...TRADE, te: 'fulfill_taker', n: '-1.25' }])!.items[0]).toMatchObject({ maker: false, pnl: -1.25 });
    expect(parseAccountTrades([{ ...TRADE, f: 'free' }])).toMatchObject({ items: [], invalid: 1 });
  });

  it('account_positions -> positions; [] (a closed one) is valid', () => {
    expect(parsePositionPush([POSITION])!.items).toEqual([{ symbol: 'BTC', side: 'long', amount: 0.00022, entryPrice: 87185, funding: -0.00023989 }]);
    expect(parsePositionPush([])).toEqual({ items: [], invalid: 0, sample: null });
    expect(parsePositionPush([{ ...POSITION, d: 'up' }])).toMatchObject({ invalid: 1 });
  });

  it('account_info -> balance and equity', () => {
    expect(parseAccountInfo(INFO)).toEqual({ balance: 10000, equity: 10012.5, takerFee: null });
    expect(parseAccountInfo({ ...INFO, ae: 'NaN' })).toBeNull();
  });

  it('dispatch: account frames typed, bad ones malformed with their channel as the kind', () => {
    const frame = (channel: string, data: unknown) => dispatchFrame(JSON.stringify({ channel, data }), false, 'simulator', 1);
    expect(frame('account_trades', [TRADE])).toMatchObject({ kind: 'account_trades', fills: [{ fee: 0.22593 }], invalid: 0 });
    expect(frame('account_positions', [])).toMatchObject({ kind: 'account_positions', positions: [] });
    expect(frame('account_info', INFO)).toMatchObject({ kind: 'account_info', account: { balance: 10000 } });
    expect(frame('account_trades', 'nope')).toMatchObject({ kind: 'malformed', reason: 'account_trades' });
    expect(frame('account_info', [])).toMatchObject({ kind: 'malformed', reason: 'account_info' });
  });
});

const order = (over: Partial<VenueOrder> = {}): VenueOrder => ({
  clientOrderId: 'c-1', venueOrderId: '7', symbol: 'ETH', side: 'buy', type: 'limit', amount: 1, price: 100, reduceOnly: false,
  status: 'open', filled: 0, avgFillPrice: null, fee: 0, reason: null, updatedAt: 1, ...over,
});
const fill = (amount: number, fee: number) => ({ historyId: 1, venueOrderId: '7', clientOrderId: 'c-1', symbol: 'ETH', price: 100, amount, fee, pnl: 0, maker: true, time: 1 });

describe('order merge', () => {
  const rig = () => {
    const clock = new FakeClock();
    const out: VenueOrder[] = [];
    const merge = createOrderMerge({ clock, takerFee: () => 0.001, fillWaitMs: 250, deliver: (v) => out.push(v) });
    return { clock, out, merge };
  };

  it.each([
    ['more filled', order({ filled: 0.5 }), order({ filled: 1 }), true],
    ['less filled (a stale read)', order({ filled: 1, status: 'filled' }), order({ filled: 0.5, status: 'partially_filled' }), false],
    ['a later status', order(), order({ status: 'cancelled' }), true],
    ['an earlier status', order({ status: 'cancelled' }), order(), false],
    ['the same', order({ filled: 1, status: 'filled', fee: 0.1 }), order({ filled: 1, status: 'filled', fee: 0.1 }), false],
    ['a higher fee only', order({ filled: 1, status: 'filled', fee: 0.05 }), order({ filled: 1, status: 'filled', fee: 0.1 }), true],
  ])('isNewer: %s', (_name, prev, next, expected) => {
    expect(isNewer(prev, next)).toBe(expected);
  });

  it('a streamed fill waits for its trades and carries their fee; REST then repeats nothing', async () => {
    const { out, merge } = rig();
    merge.streamed(order({ status: 'filled', filled: 1, avgFillPrice: 100 }));
    expect(out).toEqual([]);
    merge.filled([fill(0.4, 0.006)]);
    expect(out).toEqual([]);
    merge.filled([fill(0.6, 0.009)]);
    expect(out).toEqual([expect.objectContaining({ status: 'filled', filled: 1, fee: 0.015 })]);
    merge.read(order({ status: 'filled', filled: 1, avgFillPrice: 100, fee: 0.1 }));
    merge.read(order({ status: 'open' }));
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ fee: 0.1 });
    expect(merge.open()).toEqual([]);
  });

  it('trades first, then the order: delivered at once; no trades within the wait: the fee is estimated', async () => {
    const { clock, out, merge } = rig();
    merge.filled([fill(1, 0.015)]);
    merge.streamed(order({ status: 'filled', filled: 1, avgFillPrice: 100 }));
    expect(out).toEqual([expect.objectContaining({ fee: 0.015 })]);
    merge.streamed(order({ clientOrderId: 'c-2', venueOrderId: '8', status: 'partially_filled', filled: 0.5, avgFillPrice: 100 }));
    await clock.advance(249);
    expect(out).toHaveLength(1);
    await clock.advance(1);
    expect(out[1]).toMatchObject({ clientOrderId: 'c-2', fee: 0.05 });
    expect(merge.open()).toEqual(['c-2']);
  });

  it('read without announcing (the caller applies it): remembered, not delivered, and the stream does not repeat it', () => {
    const { out, merge } = rig();
    merge.read(order(), false);
    merge.streamed(order());
    expect(out).toEqual([]);
    expect(merge.open()).toEqual(['c-1']);
  });
});
