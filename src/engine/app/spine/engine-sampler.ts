/**
 * Measured slices of EngineState (feed, storage, pairs, readiness, gaps), sampled from
 * the services a few times a second and merged with structural sharing. Transitions
 * found while sampling (a connection changing state, the database going down or coming
 * back, the feed falling silent) are announced as events and alerts.
 */
import type { ConnectionView, EngineState, FeedState, StorageState } from '../../core/spine/engine-state.js';
import type { Pair } from '../../core/types.js';
import type { AccountFeed, ConnectionStatus, MarketFeed } from '../../ports/market-feed.js';
import { createRateMeter } from '../../core/rate-meter.js';
import type { BatchWriter } from '../batch-writer-types.js';
import type { TickGuardCounts } from '../tick-guard.js';
import { samplePairs, warmupCounts, type PairSources } from './pair-sampler.js';
import type { AlertRaiser } from './alerts.js';
import { createFeedSilenceWatch } from './feed-silence.js';
import type { Spine } from './spine.js';

export interface SamplerSources extends PairSources {
  readonly feed: MarketFeed;
  readonly writer: BatchWriter;
  /** What the market-data guard refused (tick-guard.ts). */
  readonly guard: () => TickGuardCounts;
  readonly pairs: () => readonly Pair[];
  /** Symbols whose trades are being repaired. */
  readonly repairing: (symbol: string) => boolean;
  readonly gapCounters: () => { readonly repairs: number; readonly repairedTicks: number };
  /** A feed silent for this long (wall ms) raises an alert. */
  readonly silentAfterMs: number;
  /** The live account stream (connections listed with role `account`, which market-data health ignores). */
  readonly accountFeed?: () => AccountFeed;
}

export interface EngineSampler {
  /** Take one sample now (wall time `now`). */
  sample(now: number): void;
}

const view = (s: ConnectionStatus): ConnectionView => ({
  id: s.id, state: s.state, subscriptions: s.subscriptions, messagesPerSecond: Math.round(s.messagesPerSecond * 10) / 10,
  lastMessageAt: s.lastMessageAt, reconnects: s.reconnects, nextRetryAt: s.nextRetryAt,
});

/** Account channels' malformed counts keyed apart from the market channels' (`account_positions`...). */
const prefixed = (p: string, counts: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([k, n]) => [k.startsWith(p) ? k : `${p}${k}`, n]));

const NO_ACCOUNT: AccountFeed = { connections: [], malformed: {} };

/** The feed slice: market connections, then the account stream's; malformed frames of both, counted apart. */
export function feedSlice(feed: MarketFeed, account: AccountFeed, guard: TickGuardCounts, ticksPerSecond: number): FeedState {
  const c = feed.counters();
  const market: ConnectionView[] = feed.status().map(view);
  const last = market.reduce<number | null>((m, x) => (x.lastMessageAt !== null && (m === null || x.lastMessageAt > m) ? x.lastMessageAt : m), null);
  return {
    connections: [...market, ...account.connections.map((s): ConnectionView => ({ ...view(s), role: 'account' }))], ticksPerSecond: Math.round(ticksPerSecond * 10) / 10, messages: c.messages, reconnects: c.reconnects, lastMessageAt: last,
    malformed: { ...c.malformed, ...prefixed('account_', account.malformed) }, unackedTopics: feed.status().flatMap((s) => s.failedTopics ?? []),
    unknownSymbolTrades: (c.unsubscribed ?? 0) + guard.unknownSymbol, quarantined: { ...guard.quarantined }, quarantineUnrecorded: guard.unrecorded,
  };
}

function storageSlice(prev: StorageState, writer: BatchWriter): StorageState {
  const w = writer.metrics();
  return {
    ...prev, queue: w.queueDepth, lagMs: Math.round(w.lagMs), rowsPerSecond: Math.round(w.rowsPerSecond), retries: w.retries,
    received: w.received, stored: w.stored, inserted: w.inserted, duplicates: w.duplicates, journaled: w.journaled,
    journalBytes: w.journalBytes, journalRows: w.journalRows, deadLettered: w.deadLettered, lastError: w.lastError,
  };
}

export function createEngineSampler(spine: Spine, src: SamplerSources, alerts: AlertRaiser): EngineSampler {
  const ticks = createRateMeter(5);
  let lastReceived = 0;
  const connStates = new Map<string, ConnectionView['state']>();
  const silence = createFeedSilenceWatch(src.silentAfterMs);

  const announceFeed = (feed: FeedState, now: number): void => {
    for (const c of feed.connections) {
      const from = connStates.get(c.id) ?? null;
      if (from === c.state) continue;
      connStates.set(c.id, c.state);
      spine.emit({ type: 'feed.state_changed', at: now, connectionId: c.id, from, to: c.state });
    }
    const change = silence(feed, now);
    if (change?.silent) alerts.raise('warn', 'feed.silent', change.message);
    else if (change) alerts.raise('info', 'feed.resumed', 'market data flowing again');
  };

  const announceStorage = (prev: StorageState, now: number): void => {
    const w = src.writer.metrics();
    if (w.dbState === prev.state) return;
    spine.emit({ type: 'storage.state_changed', at: now, from: prev.state, to: w.dbState, error: w.lastError });
    if (w.dbState === 'down') alerts.raise('error', 'storage.down', `database down: ${w.lastError ?? 'unreachable'}; ticks go to the journal`);
    else if (prev.state === 'down') alerts.raise('info', 'storage.up', 'database back: replaying the journal');
  };

  return {
    sample: (now) => spine.measure(() => sampleOnce(now)),
  };

  function sampleOnce(now: number): void {
    const received = src.writer.metrics().received;
    ticks.mark(now, received - lastReceived);
    lastReceived = received;
    const feed = feedSlice(src.feed, src.accountFeed?.() ?? NO_ACCOUNT, src.guard(), ticks.perSecond(now));
    announceFeed(feed, now);
    announceStorage(spine.store.getState().storage, now);
    spine.sample((s: EngineState): EngineState => {
      const pairs = samplePairs(s.pairs, src.pairs(), src);
      const active = src.pairs().filter((p) => p.isActive);
      return {
        ...s,
        run: { ...s.run, marketTime: src.marketTime() },
        warmup: { ...s.warmup, ...warmupCounts(pairs) },
        feed,
        storage: storageSlice(s.storage, src.writer),
        pairs,
        gaps: { ...s.gaps, ...src.gapCounters(), repairing: active.filter((p) => src.repairing(p.symbol)).map((p) => p.symbol) },
      };
    });
  }
}
