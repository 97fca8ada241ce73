import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTime, EMPTY_PRICE_REF, screenBook, screenPrice, screenTick, withinBand, type PriceRef, type SanityBands } from '../../../src/engine/core/tick-sanity.js';
import type { Tick } from '../../../src/engine/core/types.js';

const NOW = Date.UTC(2026, 11, 1, 12);
const bands: SanityBands = { maxAheadMs: 60_000, maxBehindMs: 86_400_000, maxLocalSkewMs: 300_000, priceBandPct: 25, priceRebaseTicks: 3, maxNotionalUsd: 1e8 };
const tick = (over: Partial<Tick> = {}): Tick => ({ time: NOW, symbol: 'ETH', tradeId: 1, price: 3_000, volume: 0.5, side: 'buy', venue: 'pacifica', ...over });
const ctx = { clocks: { venue: NOW, local: NOW }, mark: 3_000, lotSize: 0.0001 };

describe('checkTime', () => {
  it.each([
    ['now', NOW, null],
    ['59 s ahead', NOW + 59_000, null],
    ['year 2100', Date.UTC(2100, 0, 1), 'time-local-skew'],
    ['timestamp 0', 0, 'time-local-skew'],
    ['NaN', Number.NaN, 'time-behind'],
    ['10 minutes ahead', NOW + 600_000, 'time-local-skew'],
    ['2 days behind', NOW - 2 * 86_400_000, 'time-local-skew'],
  ] as const)('%s against the venue and local clocks', (_w, t, verdict) => {
    expect(checkTime(t, { venue: NOW, local: NOW }, bands)).toBe(verdict);
  });

  it.each([
    ['year 2100', Date.UTC(2100, 0, 1), 'time-ahead'],
    ['2 minutes ahead', NOW + 120_000, 'time-ahead'],
    ['timestamp 0', 0, 'time-behind'],
    ['2 days behind', NOW - 2 * 86_400_000, 'time-behind'],
    ['1 hour behind', NOW - 3_600_000, null],
  ] as const)('%s on a simulator (no local clock band)', (_w, t, verdict) => {
    expect(checkTime(t, { venue: NOW, local: 0 }, { ...bands, maxLocalSkewMs: null })).toBe(verdict);
  });

  it('before the venue clock is known, only the local band applies', () => {
    expect(checkTime(NOW + 200_000, { venue: null, local: NOW }, bands)).toBeNull();
    expect(checkTime(NOW - 3_600_000, { venue: null, local: NOW }, bands)).toBeNull();
    expect(checkTime(Date.UTC(2100, 0, 1), { venue: null, local: NOW }, { ...bands, maxLocalSkewMs: null })).toBeNull();
  });
});

describe('screenPrice', () => {
  it('accepts a price within the band of the last price or the mark, and refuses one outside both', () => {
    const ref = { ...EMPTY_PRICE_REF, last: 3_000 };
    expect(screenPrice(ref, 3_600, null, bands).ok).toBe(true);
    expect(screenPrice(ref, 4_000, null, bands).ok).toBe(false);
    expect(screenPrice(ref, 4_000, 3_900, bands).ok).toBe(true);
    expect(screenPrice(ref, 1e29, 3_000, bands).ok).toBe(false);
    expect(screenPrice(ref, 1e-30, 3_000, bands).ok).toBe(false);
  });

  it('takes the first price when there is no reference yet', () => {
    expect(screenPrice(EMPTY_PRICE_REF, 42, null, bands)).toEqual({ ok: true, state: { last: 42, streakPrice: null, streakCount: 0 } });
  });

  it('re-bases after priceRebaseTicks agreeing out-of-band prices (a market that really moved), not after scattered ones', () => {
    let state: PriceRef = { ...EMPTY_PRICE_REF, last: 3_000 };
    const oks: boolean[] = [];
    for (const p of [6_000, 6_010, 6_020]) {
      const r = screenPrice(state, p, null, bands);
      state = r.state;
      oks.push(r.ok);
    }
    expect(oks).toEqual([false, false, true]);
    expect(state.last).toBe(6_020);
    let scattered: PriceRef = { ...EMPTY_PRICE_REF, last: 3_000 };
    for (const p of [1e29, 1e-30, 1e29, 1e-30, 1e29]) scattered = screenPrice(scattered, p, null, bands).state;
    expect(scattered.last).toBe(3_000);
  });

  it('property: the band is symmetric on a ratio scale', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (a, b) => {
        expect(withinBand(a, b, 25)).toBe(withinBand(b, a, 25));
      }),
    );
  });
});

describe('screenTick', () => {
  it.each([
    ['a normal print', {}, null],
    ['year 2100', { time: Date.UTC(2100, 0, 1) }, 'time-local-skew'],
    ['price 1e29', { price: 1e29 }, 'price'],
    ['price 1e-30', { price: 1e-30 }, 'price'],
    ['amount 1e30', { volume: 1e30 }, 'notional'],
    ['amount 1e-30 (below one lot)', { volume: 1e-30 }, 'amount-below-lot'],
    ['exactly one lot', { volume: 0.0001 }, null],
    ['a tenth of a lot (a stale seeded lot size)', { volume: 0.00001 }, null],
  ] as const)('%s', (_w, over, reason) => {
    expect(screenTick({ ...EMPTY_PRICE_REF, last: 3_000 }, tick(over), ctx, bands).reason).toBe(reason);
  });

  it('a lot size no market can have (worth more than MAX_LOT_USD at the price) quarantines no normal trade', () => {
    const r = screenTick({ ...EMPTY_PRICE_REF, last: 3_000 }, tick({ volume: 0.5 }), { ...ctx, lotSize: 1e12 }, bands);
    expect(r.reason).toBeNull();
  });

  it('a plausible but wrong lot size is distrusted after priceRebaseTicks trades in a row below it, and stays so', () => {
    // 10 ETH lots (30k USD each): every normal trade of 0.002 ETH falls below the margin.
    const c = { ...ctx, lotSize: 10 };
    let state: PriceRef = { ...EMPTY_PRICE_REF, last: 3_000 };
    const reasons: Array<string | null> = [];
    const step = (over: Partial<Tick>): void => {
      const r = screenTick(state, tick(over), c, bands);
      state = r.state;
      reasons.push(r.reason);
    };
    for (let i = 0; i < bands.priceRebaseTicks; i++) step({ volume: 0.002 });
    expect(reasons.slice(0, -1).every((r) => r === 'amount-below-lot')).toBe(true);
    expect(reasons.at(-1)).toBeNull();
    step({ price: 1e29 });
    step({ volume: 0.002 });
    expect(reasons.slice(-2)).toEqual(['price', null]);
  });

  it('a good trade ends a streak of amounts below the lot', () => {
    let state: PriceRef = { ...EMPTY_PRICE_REF, last: 3_000 };
    for (let i = 0; i < bands.priceRebaseTicks - 1; i++) state = screenTick(state, tick({ volume: 1e-30 }), ctx, bands).state;
    state = screenTick(state, tick({ volume: 1 }), ctx, bands).state;
    expect(screenTick(state, tick({ volume: 1e-30 }), ctx, bands).reason).toBe('amount-below-lot');
  });

  it('a quarantined price does not become the reference', () => {
    const r = screenTick({ ...EMPTY_PRICE_REF, last: 3_000 }, tick({ price: 1e29 }), ctx, bands);
    expect(r.state.last).toBe(3_000);
  });
});

describe('screenBook', () => {
  const level = (price: number, amount = 1) => ({ price, amount, orders: 1 });
  it('keeps a clean book as the same object and drops out-of-band levels', () => {
    const book = { symbol: 'ETH', time: NOW, bids: [level(2_999)], asks: [level(3_001)] };
    expect(screenBook(book, 3_000, bands)).toEqual({ book, dropped: 0 });
    expect(screenBook({ ...book, asks: [level(3_001), level(1e29)] }, 3_000, bands)).toEqual({ book, dropped: 1 });
    expect(screenBook({ ...book, bids: [level(2_999), level(2_998, 1e30)] }, null, bands)).toEqual({ book, dropped: 1 });
  });
});
