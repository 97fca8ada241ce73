/**
 * Gap repair: after a reconnect or a restart, fetch the venue's
 * recent trades for a symbol, store what the live feed missed, and record a `gaps`
 * row when REST cannot reach back far enough. Matching is pure (core/gap-match.ts).
 */
import { planRepair } from '../core/gap-match.js';
import type { Tick, Venue } from '../core/types.js';
import type { Logger } from '../ports/logger.js';
import type { MarketRest } from '../ports/market-rest.js';
import type { GapStore, TickStore } from '../ports/store.js';

export interface GapRepairDeps {
  readonly rest: MarketRest;
  readonly store: Pick<TickStore, 'findTicks'> & Pick<GapStore, 'insertGap'>;
  /** Where repaired ticks go (the batch writer). */
  readonly sink: { push(ticks: readonly Tick[]): void };
  /** Live ticks received but maybe not yet committed, for this symbol. */
  readonly recent: (symbol: string) => readonly Tick[];
  readonly logger: Logger;
  readonly venue: Venue;
}

export interface RepairResult {
  readonly symbol: string;
  readonly recovered: number;
  readonly matched: number;
  readonly stored: number;
  readonly hole: { readonly from: number; readonly to: number } | null;
}

/** One repair for one symbol. `lastKnown`: last trade time before the outage; `cutoff`: first live trade time after it. */
export async function repairSymbol(deps: GapRepairDeps, symbol: string, lastKnown: number | null, cutoff: number): Promise<RepairResult> {
  const trades = await deps.rest.getRecentTrades(symbol);
  if (trades.length === 0) {
    // Nothing to match against: said like every other repair, so each one has its line.
    const none = { symbol, recovered: 0, matched: 0, stored: 0, hole: null };
    deps.logger.info('gap.repaired', { ...none, lastKnown, cutoff, restFrom: null, restTo: null });
    return none;
  }
  const times = trades.map((t) => t.time);
  const from = Math.min(...times);
  const upper = Math.min(cutoff, Math.max(...times) + 1);
  const stored = await deps.store.findTicks(symbol, from, upper + 1);
  const plan = planRepair(symbol, trades, mergeKnown(stored, deps.recent(symbol), from, upper), lastKnown, upper, deps.venue);
  if (plan.missing.length > 0) deps.sink.push(plan.missing);
  if (plan.hole) {
    await deps.store.insertGap({
      symbol,
      from: plan.hole.from,
      to: plan.hole.to,
      reason: `REST /trades reaches back only to ${new Date(plan.hole.to).toISOString()}; trades since the last stored one may be missing`,
    });
    deps.logger.warn('gap.recorded', { symbol, from: plan.hole.from, to: plan.hole.to });
  }
  const result = { symbol, recovered: trades.length, matched: plan.matched, stored: plan.missing.length, hole: plan.hole };
  deps.logger.info('gap.repaired', { ...result, lastKnown, cutoff: upper, restFrom: from, restTo: Math.max(...times) });
  return result;
}

/** Stored ticks plus queued live ticks in [from, cutoff], de-duplicated by trade id. */
function mergeKnown(stored: readonly Tick[], recent: readonly Tick[], from: number, cutoff: number): Tick[] {
  const ids = new Set(stored.map((t) => t.tradeId));
  const extra = recent.filter((t) => t.time >= from && t.time <= cutoff && !ids.has(t.tradeId));
  return [...stored, ...extra];
}
