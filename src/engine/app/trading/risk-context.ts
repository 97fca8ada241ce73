/**
 * Risk for one entry, from the current mode's positions and account (core/trading/risk.ts
 * decides). Positions of the other mode (live ones left open after a switch back to paper)
 * belong to another account and do not count.
 */
import { floorToStep } from '../../core/guards.js';
import { checkEntry, type RiskVerdict } from '../../core/trading/risk.js';
import type { OrderView } from '../../core/spine/engine-state.js';
import type { SubmitRequest } from './order-manager.js';
import type { PositionKeeper } from './position-keeper.js';
import type { TradingDeps } from './trading-deps.js';

/** The risk verdict for one entry from what is known now (synchronous: the scanner asks it too). */
export function riskVerdict(deps: TradingDeps, keeper: PositionKeeper, req: Pick<SubmitRequest, 'symbol' | 'side' | 'amount' | 'price'>, inFlight: readonly OrderView[] = []): RiskVerdict | string {
  const account = keeper.account();
  const price = req.price ?? deps.mark(req.symbol);
  if (!account || !(account.equity > 0)) return 'risk: no account equity known yet';
  if (price === undefined) return `risk: no price for ${req.symbol}`;
  const open = [
    ...keeper.inMode(deps.broker.mode).map((p) => ({ symbol: p.symbol, side: p.side, notionalUsd: p.amount * (p.markPrice ?? p.entryPrice) })),
    ...inFlight.map((o) => ({ symbol: o.symbol, side: o.side === 'buy' ? ('long' as const) : ('short' as const), notionalUsd: o.amount * (o.price ?? deps.mark(o.symbol) ?? 0) })),
  ];
  const start = keeper.dayStartEquity() ?? account.equity;
  const maxLev = deps.pair(req.symbol)?.maxLeverage;
  return checkEntry(
    { symbol: req.symbol, side: req.side === 'buy' ? 'long' : 'short', notionalUsd: req.amount * price },
    { now: deps.clock.now(), equity: account.equity, dayStartEquity: start, dayPnl: account.equity - start, open, lastEntryAt: keeper.lastEntryAt(), ...(maxLev ? { symbolMaxLeverage: maxLev } : {}) },
    deps.limits,
  );
}

/** Null when the entry may go; else the reason it is refused (a daily-loss breach also HALTs). */
export async function checkRisk(deps: TradingDeps, keeper: PositionKeeper, req: SubmitRequest, inFlight: readonly OrderView[] = []): Promise<string | null> {
  if (!keeper.account()) await keeper.refreshAccount();
  const v = riskVerdict(deps, keeper, req, inFlight);
  if (typeof v === 'string') return v;
  if (v.ok) return null;
  if (v.halt) await deps.setTradingState('HALTED', v.reason, 'risk');
  return `${v.code}: ${v.reason}`;
}

/** The amount on the symbol's lot grid (the venue rejects amounts off it). */
export function onLot(deps: TradingDeps, symbol: string, amount: number): number {
  const lot = deps.pair(symbol)?.lotSize;
  return lot ? floorToStep(amount, lot) : amount;
}
