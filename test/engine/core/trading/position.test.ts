import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accrueFunding, applyFill, exposureOf, markPosition, netPnl, type PositionFill } from '../../../../src/engine/core/trading/position.js';

const fill = (action: 'buy' | 'sell', amount: number, price: number, fee = 0): PositionFill => ({ strategyId: 's', symbol: 'BTC', action, amount, price, fee, at: 1, mode: 'paper' });

describe('positions', () => {
  it('amounts carry no binary noise after partial closes (15751 - 7875.5 is 7875.5, not 7875.499999999997)', () => {
    const a = applyFill(null, fill('buy', 15751, 1)).position!;
    const b = applyFill(a, fill('sell', 7875.5, 1)).position!;
    expect(b.amount).toBe(7875.5);
    const c = applyFill(applyFill(null, fill('sell', 0.1, 1)).position!, fill('sell', 0.2, 1)).position!;
    expect(c.amount).toBe(0.3);
  });

  it('opens, grows with a weighted entry, reduces with realized PnL and closes', () => {
    const a = applyFill(null, fill('buy', 1, 100, 0.04)).position!;
    expect(a).toMatchObject({ side: 'long', amount: 1, entryPrice: 100, fees: 0.04 });
    const b = applyFill(a, fill('buy', 1, 110, 0.044)).position!;
    expect(b.entryPrice).toBe(105);
    const c = applyFill(b, fill('sell', 1, 115, 0.046));
    expect(c.realized).toBe(10);
    expect(c.position).toMatchObject({ amount: 1, realizedPnl: 10 });
    const d = applyFill(c.position, fill('sell', 1, 100, 0.04));
    expect(d.position).toBeNull();
    expect(d.closed).toMatchObject({ amount: 0, realizedPnl: 5 });
    expect(d.closed!.fees).toBeCloseTo(0.17, 10);
  });

  it('flips when a fill is larger than the position', () => {
    const a = applyFill(null, fill('sell', 1, 100)).position!;
    const r = applyFill(a, fill('buy', 3, 90, 0.3));
    expect(r.realized).toBe(10);
    expect(r.position).toMatchObject({ side: 'long', amount: 2, entryPrice: 90, realizedPnl: 0 });
    expect(r.position!.fees).toBeCloseTo(0.2, 10);
  });

  it.each([['long', 110, 10], ['long', 90, -10], ['short', 90, 10], ['short', 110, -10]] as const)('%s marked at %d has unrealized %d', (side, mark, pnl) => {
    const p = applyFill(null, fill(side === 'long' ? 'buy' : 'sell', 1, 100)).position!;
    expect(markPosition(p, mark).unrealizedPnl).toBe(pnl);
  });

  it('funding: longs pay a positive rate, shorts receive it', () => {
    const long = applyFill(null, fill('buy', 2, 100)).position!;
    expect(accrueFunding(long, 0.001, 100).payment).toBeCloseTo(-0.2, 12);
    const short = applyFill(null, fill('sell', 2, 100)).position!;
    expect(accrueFunding(short, 0.001, 100).position.funding).toBeCloseTo(0.2, 12);
  });

  it('property: buying then selling the same amount leaves no position and realized = amount x price change', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 100, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), (amt, p1, p2) => {
      const open = applyFill(null, fill('buy', amt, p1)).position;
      const r = applyFill(open, fill('sell', amt, p2));
      expect(r.position).toBeNull();
      expect(r.realized).toBeCloseTo((p2 - p1) * amt, 6);
    }));
  });

  it('exposure and net PnL', () => {
    const l = markPosition(applyFill(null, fill('buy', 1, 100, 1)).position!, 120);
    const s = { ...applyFill(null, fill('sell', 2, 50)).position!, symbol: 'ETH' };
    expect(exposureOf([l, s])).toEqual({ longUsd: 120, shortUsd: 100 });
    expect(netPnl(l)).toBe(19);
  });
});
