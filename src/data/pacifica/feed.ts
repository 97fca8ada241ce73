/**
 * Pacifica market feed (MarketFeed port): `trades` and `book` per symbol plus one `prices`
 * subscription, sharded so no connection exceeds the venue's 20 subscriptions per channel,
 * each connection self-healing (ws-connection.ts) and rotated before the 24 h cut by opening
 * a replacement first and closing the old one only once the new one is live. While both are
 * live, trades are de-duplicated by (symbol, trade id); books and prices keep only newer data.
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../engine/core/backoff.js';
import type { Venue } from '../../engine/core/types.js';
import { systemClock, type Clock } from '../../engine/ports/clock.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { ConnectionStatus, MarketEvent, MarketFeed } from '../../engine/ports/market-feed.js';
import { createConnection, type Connection } from './ws-connection.js';
import { createFrameRouter, type FrameRouter } from './frame-router.js';
import { shardTopics, type Topic } from './topics.js';

export interface PacificaFeedOptions {
  readonly url: string;
  readonly venue: Venue;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Uniform [0,1) source for backoff jitter. */
  readonly random?: () => number;
  readonly maxSubsPerChannel?: number;
  readonly ackTimeoutMs?: number;
  readonly maxSubscribeAttempts?: number;
  /** JSON ping period; the venue cuts a client silent for 60 s. */
  readonly pingIntervalMs?: number;
  /** Nothing received (data or pong) for this long: the socket is dead. */
  readonly staleAfterMs?: number;
  /** Rotate before the venue's 24 h connection lifetime. */
  readonly rotateAfterMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly bookAggLevel?: number;
}

interface Slot {
  readonly shard: number;
  generation: number;
  conn: Connection;
  replacement: Connection | null;
}

export const FEED_DEFAULTS = {
  maxSubsPerChannel: 20,
  ackTimeoutMs: 5_000,
  maxSubscribeAttempts: 3,
  pingIntervalMs: 30_000,
  staleAfterMs: 45_000,
  rotateAfterMs: 23.5 * 3_600_000,
} as const;

/** Create a feed; nothing connects until `start`. */
export function createPacificaFeed(opts: PacificaFeedOptions): MarketFeed {
  const clock = opts.clock ?? systemClock;
  const cfg = { ...FEED_DEFAULTS, ...definedOnly(opts) };
  const handlers = new Set<(e: MarketEvent) => void>();
  const emit = (e: MarketEvent): void => {
    for (const h of handlers) h(e);
  };
  const subscribed = new Set<string>();
  const router: FrameRouter = createFrameRouter({ logger: opts.logger, emit, subscribed });
  const slots: Slot[] = [];
  let reconnects = 0;
  let subscribeFailures = 0;
  let stopped = false;

  const makeConnection = (shard: number, generation: number, topics: readonly Topic[]): Connection => {
    const id = `${opts.venue}-${shard}.${generation}`;
    const symbols = [...new Set(topics.flatMap((t) => (t.symbol === null ? [] : [t.symbol])))];
    return createConnection({
      id,
      url: opts.url,
      venue: opts.venue,
      topics,
      clock,
      random: opts.random ?? Math.random,
      logger: opts.logger,
      ackTimeoutMs: cfg.ackTimeoutMs,
      maxSubscribeAttempts: cfg.maxSubscribeAttempts,
      pingIntervalMs: cfg.pingIntervalMs,
      staleAfterMs: cfg.staleAfterMs,
      rotateAfterMs: cfg.rotateAfterMs,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      hooks: {
        onFrame: router.route,
        onLive: (downSince) => {
          if (downSince !== null) emit({ type: 'feed.resubscribed', connectionId: id, symbols, downSince });
        },
        onReconnecting: () => {
          reconnects += 1;
        },
        onRotateDue: () => void rotate(shard),
        onSubscribeFailed: () => {
          subscribeFailures += 1;
        },
      },
    });
  };

  /** Open the replacement, wait until it is live, then retire the old socket: no gap. */
  const rotate = async (shard: number): Promise<void> => {
    const slot = slots[shard];
    if (!slot || slot.replacement || stopped) return;
    slot.generation += 1;
    const next = makeConnection(shard, slot.generation, slot.conn.topics);
    slot.replacement = next;
    opts.logger.info('feed.rotating', { from: slot.conn.id, to: next.id });
    await next.open();
    await next.whenLive();
    if (stopped) return;
    const old = slot.conn;
    slot.conn = next;
    slot.replacement = null;
    await old.close();
    opts.logger.info('feed.rotated', { from: old.id, to: next.id });
  };

  const all = (): Connection[] => slots.flatMap((s) => (s.replacement ? [s.conn, s.replacement] : [s.conn]));

  return {
    async start(symbols) {
      if (slots.length > 0) throw new Error('feed already started');
      for (const s of symbols) subscribed.add(s);
      const shards = shardTopics(symbols, cfg.maxSubsPerChannel, cfg.bookAggLevel ?? 1);
      shards.forEach((topics, shard) => {
        slots.push({ shard, generation: 0, conn: makeConnection(shard, 0, topics), replacement: null });
      });
      opts.logger.info('feed.starting', { url: opts.url, symbols: symbols.length, connections: slots.length });
      await Promise.all(slots.map((s) => s.conn.open()));
    },
    async stop() {
      stopped = true;
      await Promise.all(all().map((c) => c.close()));
    },
    onEvent(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    status(): ConnectionStatus[] {
      return all().map((c) => c.status());
    },
    counters() {
      return { ...router.counters(), reconnects, subscribeFailures };
    },
  };
}

/** Drop undefined option values so they do not override the defaults. */
function definedOnly(o: PacificaFeedOptions): Partial<PacificaFeedOptions> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<PacificaFeedOptions>;
}
