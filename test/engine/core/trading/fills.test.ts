import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openPosition } from '../../../../src/engine/core/backtest-fills.js';
import { makerFee, priceCrossingLimit, priceMarketFill, slipped, walkLevels } from '../../../../src/engine/core/trading/fills.js';

const model = { takerFee: 0.0004, slippageBps: 5 };
const asks = [{ price: 100, amount: 1 }, { price: 101, amount: 1 }, { price: 105, amount: 10 }];

describe('shared fill model', () => {
  it('walks the book: VWAP of the levels taken plus the taker fee', () => {
    const f = priceMarketFill({ action: 'buy', amount: 2, reference: 100, model, levels: asks })!;
    expect(f.price).toBe(100.5);
    expect(f.fee).toBeCloseTo(0.0004 * 201, 12);
  });

  it('stops at the slippage cap (partial fill) and fills nothing beyond it', () => {
    const f = priceMarketFill({ action: 'buy', amount: 5, reference: 100, model, levels: asks, slippageCapPct: 2 })!;
    expect(f.amount).toBe(2);
    expect(priceMarketFill({ action: 'sell', amount: 1, reference: 100, model, levels: [{ price: 90, amount: 5 }], slippageCapPct: 1 })).toBeNull();
  });

  it('a limit crossing the book on arrival takes the levels inside its limit and pays the taker fee; one that does not cross is null', () => {
    const f = priceCrossingLimit({ action: 'buy', amount: 5, limit: 101, model, levels: asks })!;
    expect(f).toMatchObject({ amount: 2, price: 100.5 });
    expect(f.fee).toBeCloseTo(0.0004 * 201, 12);
    expect(priceCrossingLimit({ action: 'buy', amount: 1, limit: 99.9, model, levels: asks })).toBeNull();
    // Without a book: against the mark, never past the limit.
    expect(priceCrossingLimit({ action: 'sell', amount: 1, limit: 99, model, reference: 100 })).toMatchObject({ amount: 1, price: 99.95 });
    expect(priceCrossingLimit({ action: 'sell', amount: 1, limit: 99.99, model, reference: 100 })).toMatchObject({ price: 99.99 });
    expect(priceCrossingLimit({ action: 'sell', amount: 1, limit: 101, model, reference: 100 })).toBeNull();
  });

  it('a maker fill pays the maker fee, not the taker fee', () => {
    expect(makerFee(2, 100, { ...model, makerFee: 0.00015 })).toBeCloseTo(0.03, 12);
  });

  it('without a book prices exactly like the backtester', () => {
    const paper = priceMarketFill({ action: 'buy', amount: 3, reference: 200, model })!;
    const bt = openPosition({ type: 'open', symbol: 'BTC', side: 'long', size: 3, price: 200, stopLoss: 190, takeProfit: 220 }, 0, 1, 'x', model);
    expect(paper.price).toBe(bt.entryPrice);
    expect(paper.fee).toBe(bt.entryFee);
    expect(slipped(200, 'sell', 5)).toBeCloseTo(199.9, 10);
  });

  it('property: a book fill lies between the best and the worst level taken, never past the cap', () => {
    fc.assert(fc.property(fc.array(fc.record({ price: fc.double({ min: 1, max: 1000, noNaN: true }), amount: fc.double({ min: 0.01, max: 10, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 0.01, max: 20, noNaN: true }), (raw, amount) => {
        const levels = [...raw].sort((a, b) => a.price - b.price);
        const w = walkLevels(levels, amount, 'buy', Infinity);
        if (w.amount <= 0) return;
        const vwap = w.notional / w.amount;
        expect(vwap).toBeGreaterThanOrEqual(levels[0]!.price - 1e-9);
        expect(vwap).toBeLessThanOrEqual(levels[levels.length - 1]!.price + 1e-9);
        expect(w.amount).toBeLessThanOrEqual(amount + 1e-12);
      }));
  });

  it('a thin book fills the sum of its levels without binary noise (6768.1, not 6768.099999999998)', () => {
    const levels = [{ price: 1.12, amount: 3384.05 }, { price: 1.13, amount: 3384.05 }];
    // What the walk computed before: the request less what was left.
    expect(13314.3 - (13314.3 - 3384.05 - 3384.05)).not.toBe(6768.1);
    const w = walkLevels(levels, 13314.3, 'buy', Infinity);
    expect(w.amount).toBe(6768.1);
  });
});
