import { describe, expect, it } from 'vitest';
import { gateOrder, type OrderPurpose } from '../../../../src/engine/core/trading/gate.js';
import { checkEntry, DEFAULT_RISK_LIMITS, type RiskContext, type RiskEntry, type RiskLimits } from '../../../../src/engine/core/trading/risk.js';
import type { TradingStateName } from '../../../../src/engine/core/spine/engine-state.js';

const ctx: RiskContext = { now: 1_000_000, equity: 10_000, dayStartEquity: 10_000, dayPnl: 0, open: [], lastEntryAt: {} };
const limits: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxConcurrentPositions: 2, blacklist: ['DOGE'] };
const entry: RiskEntry = { symbol: 'BTC', side: 'long', notionalUsd: 1_000 };

describe('risk', () => {
  it('accepts an entry inside every limit', () => expect(checkEntry(entry, ctx, limits)).toEqual({ ok: true }));

  it.each<[string, Partial<RiskEntry>, Partial<RiskContext>, string, boolean]>([
    ['daily loss', {}, { dayPnl: -600 }, 'RISK.DAILY_LOSS', true],
    ['blacklist', { symbol: 'DOGE' }, {}, 'RISK.BLACKLISTED', false],
    ['min notional', { notionalUsd: 5 }, {}, 'RISK.MIN_NOTIONAL', false],
    ['max notional', { notionalUsd: 2_000_000 }, { equity: 1e8, dayStartEquity: 1e8 }, 'RISK.MAX_NOTIONAL', false],
    ['position size', { notionalUsd: 2_500 }, {}, 'RISK.POSITION_SIZE', false],
    ['max positions', {}, { open: [{ symbol: 'ETH', side: 'long', notionalUsd: 100 }, { symbol: 'SOL', side: 'short', notionalUsd: 100 }] }, 'RISK.MAX_POSITIONS', false],
    ['cooldown', {}, { lastEntryAt: { BTC: 1_000_000 - 60_000 } }, 'RISK.COOLDOWN', false],
    ['leverage', {}, { open: [{ symbol: 'ETH', side: 'short', notionalUsd: 49_500 }] }, 'RISK.LEVERAGE', false],
    ['symbol leverage', {}, { symbolMaxLeverage: 0.05 }, 'RISK.LEVERAGE', false],
    ['direction cap', {}, { open: [{ symbol: 'ETH', side: 'long', notionalUsd: 1_000 }] }, 'RISK.DIRECTION_CAP', false],
  ])('%s rejects with a reason', (_n, e, c, code, halt) => {
    const v = checkEntry({ ...entry, ...e }, { ...ctx, ...c }, limits);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.code).toBe(code);
      expect(v.halt).toBe(halt);
      expect(v.reason.length).toBeGreaterThan(5);
    }
  });
});

describe('trading-state gate', () => {
  it.each<[TradingStateName, OrderPurpose, boolean, boolean]>([
    ['ACTIVE', 'entry', false, true], ['ACTIVE', 'exit', true, true], ['ACTIVE', 'kill-switch', true, true], ['ACTIVE', 'kill-switch', false, false],
    ['REDUCING', 'entry', false, false], ['REDUCING', 'exit', false, true], ['REDUCING', 'exit', true, true], ['REDUCING', 'cancel', false, true],
    ['HALTED', 'entry', false, false], ['HALTED', 'exit', true, false], ['HALTED', 'cancel', false, true], ['HALTED', 'kill-switch', true, true],
    ['HALTED', 'kill-switch', false, false],
  ])('%s %s reduceOnly=%s allowed: %s', (state, purpose, ro, ok) => {
    const r = gateOrder(state, purpose, ro);
    if (ok) expect(r).toBeNull();
    else expect(r).toMatch(/REDUCING|HALTED|reduce-only/);
  });
});
