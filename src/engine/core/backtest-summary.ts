/**
 * Backtest statistics from the closing fills and the equity curve. A trade is a closed
 * position: the half taken at +2 ATR and the rest belong to one decision, so they count
 * once with their summed net PnL (counting fills would inflate the win rate with partials).
 * A trade wins when its net PnL (after fees and slippage) is above zero; otherwise it
 * loses, so wins + losses = trades.
 */
import { EXIT_REASONS, type BacktestSummary, type BacktestTrade, type EquityPoint, type ExitReason } from './backtest-types.js';
import { assertPositive } from './guards.js';

export interface Drawdown {
  /** Largest peak-to-trough fall (USD). */
  readonly usd: number;
  /** Largest fall in % of the peak it fell from (may come from another peak than `usd`). */
  readonly pct: number;
}

/** Maximum drawdown of an equity path, measured from the running peak. */
export function maxDrawdown(equity: readonly number[]): Drawdown {
  let peak = -Infinity;
  let usd = 0;
  let pct = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    const fall = peak - e;
    usd = Math.max(usd, fall);
    if (peak > 0) pct = Math.max(pct, (fall / peak) * 100);
  }
  return { usd, pct };
}

/** Net PnL per closed position, in the order positions were first closed. */
export function positionPnls(trades: readonly BacktestTrade[]): number[] {
  const byPosition = new Map<number, number>();
  for (const t of trades) byPosition.set(t.positionId, (byPosition.get(t.positionId) ?? 0) + t.pnl);
  return [...byPosition.values()];
}

/** Summary of a finished run; `equity` starts with the starting equity. */
export function summarize(trades: readonly BacktestTrade[], equity: readonly EquityPoint[], startEquity: number): BacktestSummary {
  assertPositive(startEquity, 'startEquity');
  const pnls = positionPnls(trades);
  const wins = pnls.filter((p) => p > 0).length;
  const won = pnls.filter((p) => p > 0).reduce((s, p) => s + p, 0);
  const lost = -pnls.filter((p) => p <= 0).reduce((s, p) => s + p, 0);
  const sum = (f: (t: BacktestTrade) => number): number => trades.reduce((s, t) => s + f(t), 0);
  const netPnl = sum((t) => t.pnl);
  const finalEquity = equity.at(-1)?.equity ?? startEquity;
  const dd = maxDrawdown([startEquity, ...equity.map((p) => p.equity)]);
  const exits = Object.fromEntries(EXIT_REASONS.map((r) => [r, 0])) as Record<ExitReason, number>;
  for (const t of trades) exits[t.exitReason]++;
  return {
    trades: pnls.length,
    wins,
    losses: pnls.length - wins,
    winRate: pnls.length === 0 ? null : wins / pnls.length,
    fills: trades.length,
    grossPnl: sum((t) => t.grossPnl),
    fees: sum((t) => t.fees),
    netPnl,
    maxDrawdownUsd: dd.usd,
    maxDrawdownPct: dd.pct,
    startEquity,
    finalEquity,
    returnPct: ((finalEquity - startEquity) / startEquity) * 100,
    profitFactor: lost > 0 ? won / lost : null,
    exposurePct: equity.length === 0 ? 0 : (equity.filter((p) => p.openPositions > 0).length / equity.length) * 100,
    exits,
  };
}
