/**
 * Whale detection wired to the feed and the store. The pure tracker
 * (core/whale-tracker.ts) keeps one record per persisting wall; this service feeds it
 * book snapshots (at most one per symbol per detection interval) and large trades,
 * persists its intents to `whale_activities`, and fills `market_impact_bps` once the
 * impact horizon (15 minutes of exchange time) has passed.
 */
import { bookMid, impactBps } from '../core/whales.js';
import { activeWhales, createWhaleState, reduceWhales, type WhaleIntent, type WhaleState } from '../core/whale-tracker.js';
import type { BookSnapshot, Pair, Tick, WhaleActivity } from '../core/types.js';
import type { Logger } from '../ports/logger.js';
import { errorMessage } from '../core/error-message.js';
import { createSerial } from '../core/serial.js';
import type { WhaleStore } from '../ports/store.js';

export interface WhaleServiceDeps {
  readonly store: WhaleStore;
  readonly logger: Logger;
  readonly pair: (symbol: string) => Pair | undefined;
  /** Exchange time. */
  readonly now: () => number;
  /** Minimum exchange time between two detections on one symbol (ms). */
  readonly detectionIntervalMs: number;
  /** Exchange-time horizon for market impact (ms). */
  readonly impactHorizonMs: number;
  /** Told of every new whale (the engine publishes it). */
  readonly onDetected?: (w: WhaleActivity) => void;
}

export interface WhaleCounts {
  readonly detected: number;
  readonly updated: number;
  readonly ended: number;
  readonly persistFailures: number;
  readonly impactsFilled: number;
}

export interface WhaleService {
  onBook(book: BookSnapshot): void;
  onTrades(ticks: readonly Tick[]): void;
  /** Expire vanished walls and fill market impact for whales past the horizon. */
  housekeeping(): Promise<void>;
  active(): WhaleActivity[];
  /** Most recent first (bounded). */
  recent(): readonly WhaleActivity[];
  counts(): WhaleCounts;
  /** Wait for queued writes. */
  flush(): Promise<void>;
  /**
   * Give up on the queued writes (shutdown past its deadline with the database down): they
   * are skipped, counted and logged, never awaited one by one. Returns how many were dropped.
   */
  abandon(): number;
}

export function createWhaleService(deps: WhaleServiceDeps): WhaleService {
  // A wall is re-checked once per detection interval, so it may only count as gone
  // after missing several checks; all times here are exchange time.
  let state: WhaleState = createWhaleState({ endGraceMs: 3 * deps.detectionIntervalMs, updateIntervalMs: Math.max(30_000, 6 * deps.detectionIntervalMs) });
  const lastRun = new Map<string, number>();
  const mids = new Map<string, number>();
  // Replaced, never mutated: a caller may hold the previous list.
  let recent: readonly WhaleActivity[] = [];
  const counts = { detected: 0, updated: 0, ended: 0, persistFailures: 0, impactsFilled: 0 };
  // Writes run one after another so a wall's update can never land before its insert.
  const writes = createSerial();
  /** Writes queued and not yet settled; after `abandon` the rest are skipped (database down at shutdown). */
  let pending = 0;
  let abandoned = false;

  const apply = (intents: readonly WhaleIntent[]): void => {
    for (const i of intents) {
      counts[i.type === 'whale.detected' ? 'detected' : i.type === 'whale.updated' ? 'updated' : 'ended']++;
      if (i.type === 'whale.detected') {
        recent = [i.whale, ...recent].slice(0, 100);
        deps.onDetected?.(i.whale);
        deps.logger.debug('whale.detected', { symbol: i.whale.symbol, type: i.whale.whaleType, side: i.whale.direction, usd: Math.round(i.whale.totalValueUsd), confidence: i.whale.confidence });
      }
      pending++;
      void writes.run(() => {
        if (abandoned) return Promise.resolve(void pending--);
        return deps.store.upsertWhale(i.whale).then(
          () => void pending--,
          (err: unknown) => {
            pending--;
            counts.persistFailures++;
            deps.logger.warn('whale.persist_failed', { symbol: i.whale.symbol, error: errorMessage(err) });
          },
        );
      });
    }
  };

  return {
    onBook(book: BookSnapshot): void {
      const mid = bookMid(book);
      if (mid !== null) mids.set(book.symbol, mid);
      const pair = deps.pair(book.symbol);
      const now = deps.now();
      if (!pair || now - (lastRun.get(book.symbol) ?? -Infinity) < deps.detectionIntervalMs) return;
      lastRun.set(book.symbol, now);
      const r = reduceWhales(state, { type: 'book', book, pair, now });
      state = r.state;
      apply(r.intents);
    },
    onTrades(ticks: readonly Tick[]): void {
      for (const tick of ticks) {
        const pair = deps.pair(tick.symbol);
        if (!pair || tick.price * tick.volume < pair.whaleThresholdUsd) continue;
        const mid = mids.get(tick.symbol);
        const r = reduceWhales(state, mid === undefined ? { type: 'trade', tick, pair } : { type: 'trade', tick, pair, mid });
        state = r.state;
        apply(r.intents);
      }
    },
    async housekeeping(): Promise<void> {
      const r = reduceWhales(state, { type: 'clock', now: deps.now() });
      state = r.state;
      apply(r.intents);
      const due = await deps.store.whalesAwaitingImpact(deps.now() - deps.impactHorizonMs);
      for (const w of due) {
        const mid = mids.get(w.symbol);
        if (mid === undefined || !(w.midAtDetection > 0)) continue;
        await deps.store.setWhaleImpact(w.id, impactBps(w.midAtDetection, mid, w.direction));
        counts.impactsFilled++;
      }
    },
    active: (): WhaleActivity[] => activeWhales(state),
    recent: (): readonly WhaleActivity[] => recent,
    counts: () => ({ ...counts }),
    flush: () => writes.idle(),
    abandon(): number {
      if (abandoned || pending === 0) return 0;
      abandoned = true;
      deps.logger.warn('whale.writes_abandoned', { pending, reason: 'shutdown deadline; whale rows are not ticks and are detected again' });
      return pending;
    },
  };
}
