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
  /** The first live millisecond, recorded as a gap when REST held trades there that could not yet be checked. */
  readonly unsure: { readonly from: number; readonly to: number } | null;
}

/** One repair for one symbol. `lastKnown`: last trade time before the outage; `cutoff`: first live trade time after it. */
export async function repairSymbol(deps: GapRepairDeps, symbol: string, lastKnown: number | null, cutoff: number): Promise<RepairResult> {
  const trades = await deps.rest.getRecentTrades(symbol);
  if (trades.length === 0) {
    // Nothing to match against: said like every other repair, so each one has its line.
    const none = { symbol, recovered: 0, matched: 0, stored: 0, hole: null, unsure: null };
    deps.logger.info('gap.repaired', { ...none, lastKnown, cutoff, restFrom: null, restTo: null });
    return none;
  }
  const times = trades.map((t) => t.time);
  const from = Math.min(...times);
  const last = Math.max(...times);
  // The first live trade's millisecond can also hold trades sent before the subscription,
  // which only REST has. They are matched once the live stream has moved past that
  // millisecond (a symbol's trades arrive in time order), so a same-millisecond trade still
  // on its way is never taken for a missed one; until then that millisecond is a gap.
  const recent = deps.recent(symbol);
  const pastCutoff = recent.some((t) => t.receivedAt !== undefined && t.time > cutoff);
  const upper = Math.min(cutoff + 1, last + 1);
  const stored = await deps.store.findTicks(symbol, from, upper + 1);
  const plan = planRepair(symbol, trades, mergeKnown(stored, recent, from, upper), lastKnown, upper, deps.venue);
  const unsure = pastCutoff ? [] : plan.missing.filter((t) => t.time === cutoff);
  const missing = unsure.length > 0 ? plan.missing.filter((t) => t.time !== cutoff) : plan.missing;
  if (missing.length > 0) deps.sink.push(missing);
  if (plan.hole) await recordGap(deps, symbol, plan.hole, `REST /trades reaches back only to ${new Date(plan.hole.to).toISOString()}; trades since the last stored one may be missing`);
  const unsureGap = unsure.length > 0 ? { from: cutoff, to: cutoff } : null;
  if (unsureGap) await recordGap(deps, symbol, unsureGap, `${unsure.length} REST trade(s) in the first live millisecond could not be told apart from live ones still arriving`);
  const result = { symbol, recovered: trades.length, matched: plan.matched, stored: missing.length, hole: plan.hole, unsure: unsureGap };
  deps.logger.info('gap.repaired', { ...result, lastKnown, cutoff: Math.min(cutoff, last + 1), restFrom: from, restTo: last });
  return result;
}

async function recordGap(deps: GapRepairDeps, symbol: string, gap: { readonly from: number; readonly to: number }, reason: string): Promise<void> {
  await deps.store.insertGap({ symbol, from: gap.from, to: gap.to, reason });
  deps.logger.warn('gap.recorded', { symbol, from: gap.from, to: gap.to, reason });
}

/** Stored ticks plus queued live ticks in [from, cutoff], de-duplicated by trade id. */
function mergeKnown(stored: readonly Tick[], recent: readonly Tick[], from: number, cutoff: number): Tick[] {
  const ids = new Set(stored.map((t) => t.tradeId));
  const extra = recent.filter((t) => t.time >= from && t.time <= cutoff && !ids.has(t.tradeId));
  return [...stored, ...extra];
}
