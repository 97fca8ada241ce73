/**
 * Pre-trade risk for entries (exits are never blocked by risk: they reduce it). Each
 * rejection has a stable code and a sentence; a breached daily loss limit also asks the
 * order manager to go HALTED.
 */
import type { PositionSide } from '../strategy.js';
import { assertPositive } from '../guards.js';

export interface RiskLimits {
  /** Largest single entry, % of equity (notional). */
  readonly maxPositionPct: number;
  readonly maxConcurrentPositions: number;
  /** Open notional / equity after the entry. */
  readonly maxLeverage: number;
  readonly minNotionalUsd: number;
  readonly maxNotionalUsd: number;
  /** No new entry on a symbol this soon after its last one (ms). */
  readonly cooldownMs: number;
  /** Day's loss (realized + unrealized) that halts trading, % of the day's starting equity. */
  readonly dailyLossLimitPct: number;
  /** No side above this % of open exposure after the entry. */
  readonly directionCapPct: number;
  readonly blacklist: readonly string[];
}

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxPositionPct: 20, maxConcurrentPositions: 10, maxLeverage: 5, minNotionalUsd: 10, maxNotionalUsd: 1_000_000,
  cooldownMs: 15 * 60_000, dailyLossLimitPct: 5, directionCapPct: 70, blacklist: [],
};

export interface RiskEntry {
  readonly symbol: string;
  readonly side: PositionSide;
  readonly notionalUsd: number;
}

export interface RiskContext {
  readonly now: number;
  readonly equity: number;
  /** Equity at the start of the trading day. */
  readonly dayStartEquity: number;
  /** Realized + unrealized PnL since the day started (fees and funding included). */
  readonly dayPnl: number;
  readonly open: readonly { readonly symbol: string; readonly side: PositionSide; readonly notionalUsd: number }[];
  /** Epoch ms of the last entry per symbol. */
  readonly lastEntryAt: Readonly<Record<string, number>>;
  /** The venue's leverage limit of the symbol, when known. */
  readonly symbolMaxLeverage?: number;
}

export type RiskVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly halt: boolean };

const no = (code: string, reason: string, halt = false): RiskVerdict => ({ ok: false, code, reason, halt });
const fmt = (n: number): string => n.toFixed(2);

type Check = (e: RiskEntry, c: RiskContext, l: RiskLimits) => RiskVerdict | null;

const CHECKS: readonly Check[] = [
  (e, c, l) => (c.dayPnl <= -(l.dailyLossLimitPct / 100) * c.dayStartEquity
    ? no('RISK.DAILY_LOSS', `daily loss limit ${l.dailyLossLimitPct}% breached (day PnL ${fmt(c.dayPnl)} on ${fmt(c.dayStartEquity)})`, true) : null),
  (e, _c, l) => (l.blacklist.includes(e.symbol) ? no('RISK.BLACKLISTED', `${e.symbol} is blacklisted`) : null),
  (e, _c, l) => (e.notionalUsd < l.minNotionalUsd ? no('RISK.MIN_NOTIONAL', `notional ${fmt(e.notionalUsd)} < minimum ${l.minNotionalUsd}`) : null),
  (e, _c, l) => (e.notionalUsd > l.maxNotionalUsd ? no('RISK.MAX_NOTIONAL', `notional ${fmt(e.notionalUsd)} > maximum ${l.maxNotionalUsd}`) : null),
  (e, c, l) => (e.notionalUsd > (l.maxPositionPct / 100) * c.equity
    ? no('RISK.POSITION_SIZE', `notional ${fmt(e.notionalUsd)} > ${l.maxPositionPct}% of equity ${fmt(c.equity)}`) : null),
  (e, c, l) => (c.open.some((p) => p.symbol === e.symbol) ? null : c.open.length >= l.maxConcurrentPositions
    ? no('RISK.MAX_POSITIONS', `${c.open.length} positions open, the maximum is ${l.maxConcurrentPositions}`) : null),
  (e, c, l) => {
    const last = c.lastEntryAt[e.symbol];
    return last !== undefined && c.now - last < l.cooldownMs
      ? no('RISK.COOLDOWN', `${e.symbol} entered ${Math.round((c.now - last) / 1000)} s ago, cooldown ${Math.round(l.cooldownMs / 1000)} s`) : null;
  },
  (e, c, l) => {
    const cap = Math.min(l.maxLeverage, c.symbolMaxLeverage ?? Infinity);
    const lev = (c.open.reduce((s, p) => s + p.notionalUsd, 0) + e.notionalUsd) / c.equity;
    return lev > cap ? no('RISK.LEVERAGE', `leverage ${lev.toFixed(2)}x after the entry > cap ${cap}x`) : null;
  },
  (e, c, l) => {
    const side = (s: PositionSide): number => c.open.filter((p) => p.side === s).reduce((t, p) => t + p.notionalUsd, 0);
    const mine = side(e.side) + e.notionalUsd;
    const total = mine + side(e.side === 'long' ? 'short' : 'long');
    // A single position is 100% of one side; the cap applies once there is something to balance.
    if (c.open.length === 0) return null;
    return (mine / total) * 100 > l.directionCapPct
      ? no('RISK.DIRECTION_CAP', `${e.side} exposure ${((mine / total) * 100).toFixed(1)}% > cap ${l.directionCapPct}%`) : null;
  },
];

/** Check one entry against every limit; the first failing limit answers. */
export function checkEntry(e: RiskEntry, c: RiskContext, l: RiskLimits): RiskVerdict {
  assertPositive(e.notionalUsd, 'notionalUsd');
  assertPositive(c.equity, 'equity');
  for (const check of CHECKS) {
    const v = check(e, c, l);
    if (v) return v;
  }
  return { ok: true };
}
