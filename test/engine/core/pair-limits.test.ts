import { describe, expect, it } from 'vitest';
import { marketProblem } from '../../../src/engine/core/pair-limits.js';

const ok = { symbol: 'kBONK', tickSize: 0.000001, lotSize: 1, maxLeverage: 10, minOrderSize: 10, maxOrderSize: 5_000_000 };

describe('marketProblem', () => {
  it.each([
    ['a 29-character symbol', { symbol: 'ABCDEFGHIJKLMNOPQRSTUVWXYZABC' }, /symbol/],
    ['an empty symbol', { symbol: '' }, /symbol/],
    ['a symbol with a quote', { symbol: "BTC'" }, /symbol/],
    ['max_leverage 1e12', { maxLeverage: 1e12 }, /max_leverage/],
    ['max_leverage 2.5', { maxLeverage: 2.5 }, /max_leverage/],
    ['max_leverage 0', { maxLeverage: 0 }, /max_leverage/],
    ['tick size 0', { tickSize: 0 }, /tick_size/],
    ['lot size Infinity', { lotSize: Number.POSITIVE_INFINITY }, /lot_size/],
    ['lot size 1e12', { lotSize: 1e12 }, /lot_size/],
    ['tick size 1e7', { tickSize: 1e7 }, /tick_size/],
    ['min order NaN', { minOrderSize: Number.NaN }, /min_order_size/],
    ['max order below min', { maxOrderSize: 5 }, /max_order_size/],
  ])('refuses %s', (_w, over, why) => {
    expect(marketProblem({ ...ok, ...over })).toMatch(why);
  });

  it('accepts a 20-character symbol and the venue maximum leverage', () => {
    expect(marketProblem({ ...ok, symbol: 'A'.repeat(20), maxLeverage: 50 })).toBeNull();
  });
});
