import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initialStops, managePosition } from '../../../src/engine/core/position-management.js';
import { directionCapBlock, momentumStrength, positionSize } from '../../../src/engine/core/sizing.js';
import { DEFAULT_VWM_PARAMS as P, vwmParams } from '../../../src/engine/core/vwm-params.js';
import type { StrategyPosition } from '../../../src/engine/core/strategy.js';
import type { Pair } from '../../../src/engine/core/types.js';

const pos = (over: Partial<StrategyPosition> = {}): StrategyPosition => ({
  symbol: 'SOL', side: 'long', size: 10, entryPrice: 100, stopLoss: 90, takeProfit: 130, trailingStop: null, partialTaken: false, ...over,
});
const pair = (lotSize: number): Pair => ({
  symbol: 'SOL', category: 'major', maxLeverage: 20, minOrderSize: 10, tickSize: 0.001, lotSize,
  whaleThresholdUsd: 25_000, isActive: true, displayName: 'SOL',
});

describe('trailing stop and partial take-profit (entry 100, ATR 5)', () => {
  it('rule price − 1.5 ATR: activates at +2 ATR (110 -> 102.5), moves at 115 -> 107.5, half taken once', () => {
    expect(managePosition(pos(), 110, 5, P, 0.01)).toEqual([
      { type: 'partial_close', symbol: 'SOL', size: 5, reason: '+2 ATR reached: take 50%' },
      { type: 'update_trailing', symbol: 'SOL', stop: 102.5, reason: 'trail 1.5 ATR from 110' },
    ]);
    expect(managePosition(pos({ trailingStop: 102.5, partialTaken: true }), 115, 5, P)).toEqual([
      { type: 'update_trailing', symbol: 'SOL', stop: 107.5, reason: 'trail 1.5 ATR from 115' },
    ]);
  });

  it("the source's worked example numbers (110 -> 107.5, 115 -> 112.5) with a 0.5 ATR trail", () => {
    const p = vwmParams({ trailingDistanceAtr: 0.5 });
    expect(managePosition(pos({ partialTaken: true }), 110, 5, p)).toMatchObject([{ type: 'update_trailing', stop: 107.5 }]);
    expect(managePosition(pos({ partialTaken: true, trailingStop: 107.5 }), 115, 5, p)).toMatchObject([{ type: 'update_trailing', stop: 112.5 }]);
    expect(managePosition(pos({ partialTaken: true, trailingStop: 112.5 }), 112.5, 5, p)).toMatchObject([{ type: 'close', size: 10 }]);
  });

  it.each<[string, Partial<StrategyPosition>, number, string]>([
    ['below activation: nothing', {}, 109, ''],
    ['pullback does not lower the stop', { trailingStop: 107.5, partialTaken: true }, 112, ''],
    ['stop-loss', {}, 90, 'close'],
    ['take-profit', {}, 130, 'close'],
    ['trailing hit', { trailingStop: 107.5, partialTaken: true }, 107.4, 'close'],
    ['short stop-loss', { side: 'short', stopLoss: 110, takeProfit: 70 }, 110, 'close'],
    ['short activation', { side: 'short', stopLoss: 110, takeProfit: 70, partialTaken: true }, 90, 'update_trailing'],
  ])('%s', (_, over, price, type) => {
    expect(managePosition(pos(over), price, 5, P).map((i) => i.type).join()).toBe(type);
  });

  it('short trailing stop sits above the price', () => {
    const r = managePosition(pos({ side: 'short', stopLoss: 110, takeProfit: 70, partialTaken: true }), 90, 5, P);
    expect(r).toMatchObject([{ stop: 97.5 }]);
  });

  it('the trailing stop only ratchets favourably along any price path', () => {
    fc.assert(
      fc.property(fc.constantFrom<'long' | 'short'>('long', 'short'), fc.array(fc.double({ min: 50, max: 150, noNaN: true }), { maxLength: 60 }), (side, path) => {
        let p = pos({ side, stopLoss: null, takeProfit: null });
        let stops: number[] = [];
        for (const price of path) {
          const intents = managePosition(p, price, 5, P);
          if (intents.some((i) => i.type === 'close')) break;
          for (const i of intents) if (i.type === 'update_trailing') p = { ...p, trailingStop: i.stop };
          if (p.trailingStop !== null) stops = [...stops, p.trailingStop];
        }
        return stops.every((s, i) => i === 0 || (side === 'long' ? s >= stops[i - 1]! : s <= stops[i - 1]!));
      }),
    );
  });

  it('initial stops use the ATR multipliers', () => {
    expect(initialStops('long', 100, 5, P)).toEqual({ stopLoss: 90, takeProfit: 120 });
    expect(initialStops('short', 100, 5, P)).toEqual({ stopLoss: 110, takeProfit: 80 });
  });
});

describe('sizing', () => {
  it('strength stays in [0,1]', () => {
    fc.assert(fc.property(fc.double({ min: -1, max: 1, noNaN: true }), (m) => {
      const s = momentumStrength(m, P);
      return s >= 0 && s <= 1;
    }));
    expect(momentumStrength(0.0015, P)).toBeCloseTo(1, 12);
    expect(momentumStrength(0.00075, P)).toBeCloseTo(0.5, 12);
  });

  it('size stays inside base..max %, sits on the lot grid and never exceeds the sized notional', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1_000, max: 1e7, noNaN: true }),
        fc.double({ min: 0.0001, max: 100_000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(1, 0.1, 0.01, 0.001, 0.00001),
        (portfolio, price, strength, lot) => {
          const s = positionSize(portfolio, price, strength, P, pair(lot));
          const steps = s.size / lot;
          expect(s.pct).toBeGreaterThanOrEqual(P.basePositionPct);
          expect(s.pct).toBeLessThanOrEqual(P.maxPositionPct);
          expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6 * Math.max(1, steps));
          expect(s.notional).toBeLessThanOrEqual((portfolio * P.maxPositionPct) / 100 * (1 + 1e-9));
          expect(s.notional).toBeGreaterThanOrEqual((portfolio * s.pct) / 100 - lot * price * (1 + 1e-9) - 1e-9 * portfolio);
        },
      ),
    );
  });

  it('direction cap: first position allowed, one-sided book blocked, rebalancing allowed', () => {
    expect(directionCapBlock({ longUsd: 0, shortUsd: 0 }, 'long', 1_000, 70)).toBeNull();
    expect(directionCapBlock({ longUsd: 15_000, shortUsd: 5_000 }, 'long', 1_000, 70)).toBe('blocked by risk rule direction-cap (long 76% > 70%)');
    expect(directionCapBlock({ longUsd: 15_000, shortUsd: 5_000 }, 'short', 1_000, 70)).toBeNull();
    expect(() => directionCapBlock({ longUsd: -1, shortUsd: 0 }, 'long', 1, 70)).toThrow(RangeError);
  });
});
