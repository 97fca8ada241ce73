/**
 * The account's WebSocket stream (pacifica-api.md §1.4): one connection (ws-connection.ts: acks,
 * JSON ping, stale detection, reconnect with backoff, rotation before the 24 h cut) subscribed
 * to `account_order_updates`, `account_trades`, `account_positions` and `account_info` with the
 * account's public key. Frames are parsed by account-frames.ts; malformed ones (and bad list
 * elements) are counted by channel and ignored. After every (re)subscription the first
 * `account_positions` push is the snapshot; `onLive(true)` says events may have been missed
 * while it was down, so the owner reads REST to catch up.
 */
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../engine/core/backoff.js';
import type { Venue } from '../../engine/core/types.js';
import type { Clock } from '../../engine/ports/clock.js';
import type { VenueAccount, VenueOrder, VenuePosition } from '../../engine/ports/exchange.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { ConnectionStatus } from '../../engine/ports/market-feed.js';
import { ACCOUNT_CHANNELS } from './account-frames.js';
import type { Frame } from './dispatch.js';
import { FEED_DEFAULTS } from './feed.js';
import type { AccountFill } from './parse-account-channels.js';
import { accountTopic } from './topics.js';
import { createConnection, type Connection } from './ws-connection.js';

/** What the stream delivers. */
export interface AccountStreamHandlers {
  orders(orders: readonly VenueOrder[]): void;
  fills(fills: readonly AccountFill[]): void;
  /** `snapshot`: every open position; else the changed ones (`[]`: a position closed, which one is not said). */
  positions(positions: readonly VenuePosition[], snapshot: boolean): void;
  account(a: VenueAccount): void;
  /** Subscribed; `resumed` after an outage (pushes may have been missed meanwhile). */
  live(resumed: boolean): void;
  /** The connection dropped or went silent; a reconnect is scheduled. */
  down(): void;
}

export interface AccountStreamOptions {
  readonly url: string;
  /** The account's public key (never a private key). */
  readonly account: string;
  readonly venue: Venue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly handlers: AccountStreamHandlers;
  readonly random?: () => number;
  readonly pingIntervalMs?: number;
  readonly staleAfterMs?: number;
  readonly ackTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
}

export interface AccountStream {
  /** Connect; resolves once live or after the first attempt failed (it keeps retrying). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Subscribed and live now. */
  healthy(): boolean;
  status(): readonly ConnectionStatus[];
  counters(): { readonly messages: number; readonly malformed: Readonly<Record<string, number>>; readonly reconnects: number };
}

export function createAccountStream(o: AccountStreamOptions): AccountStream {
  const topics = ACCOUNT_CHANNELS.map((c) => accountTopic(c, o.account));
  const positionsKey = topics.find((t) => t.channel === 'account_positions')?.key;
  const malformed: Record<string, number> = {};
  let messages = 0;
  let reconnects = 0;
  let generation = 0;
  let stopped = false;
  let conn: Connection | null = null;
  /** The positions topic was (re)acked: its next push is the snapshot. */
  let snapshotDue = false;

  const countMalformed = (kind: string, n: number, sample: string | null): void => {
    const before = malformed[kind] ?? 0;
    malformed[kind] = before + n;
    if (before === 0) o.logger.warn('account_stream.malformed', { kind, sample });
  };

  const route = (frame: Frame): void => {
    messages += 1;
    switch (frame.kind) {
      case 'ack':
        if (frame.key === positionsKey) snapshotDue = true;
        return;
      case 'malformed':
        return countMalformed(frame.reason, 1, frame.sample);
      case 'account_order_updates':
        if (frame.invalid > 0) countMalformed(frame.kind, frame.invalid, frame.sample);
        if (frame.orders.length > 0) o.handlers.orders(frame.orders);
        return;
      case 'account_trades':
        if (frame.invalid > 0) countMalformed(frame.kind, frame.invalid, frame.sample);
        if (frame.fills.length > 0) o.handlers.fills(frame.fills);
        return;
      case 'account_positions': {
        if (frame.invalid > 0) return countMalformed(frame.kind, frame.invalid, frame.sample);
        const snapshot = snapshotDue;
        snapshotDue = false;
        return o.handlers.positions(frame.positions, snapshot);
      }
      case 'account_info':
        return o.handlers.account(frame.account);
      default:
        return;
    }
  };

  const open = (): Connection => {
    const id = `account.${generation}`;
    const c: Connection = createConnection({
      id, url: o.url, venue: o.venue, topics, clock: o.clock, random: o.random ?? Math.random, logger: o.logger,
      ackTimeoutMs: o.ackTimeoutMs ?? FEED_DEFAULTS.ackTimeoutMs, maxSubscribeAttempts: FEED_DEFAULTS.maxSubscribeAttempts,
      pingIntervalMs: o.pingIntervalMs ?? FEED_DEFAULTS.pingIntervalMs, staleAfterMs: o.staleAfterMs ?? FEED_DEFAULTS.staleAfterMs,
      rotateAfterMs: FEED_DEFAULTS.rotateAfterMs, backoff: o.backoff ?? DEFAULT_BACKOFF,
      hooks: {
        onFrame: (f) => c === conn && route(f),
        onLive: (downSince) => c === conn && o.handlers.live(downSince !== null),
        onReconnecting: () => {
          if (c !== conn) return;
          reconnects += 1;
          o.handlers.down();
        },
        // The venue cuts every connection at 24 h: reconnect on a fresh one; what passes
        // meanwhile is caught by the REST read that follows a resumed subscription.
        onRotateDue: () => void rotate(),
        onSubscribeFailed: (t) => o.logger.warn('account_stream.subscribe_failed', { channel: t.channel }),
      },
    });
    return c;
  };

  const rotate = async (): Promise<void> => {
    if (stopped || !conn) return;
    const old = conn;
    generation += 1;
    conn = open();
    await old.close();
    o.handlers.down();
    await conn.open();
  };

  return {
    async start() {
      if (conn) throw new Error('account stream already started');
      conn = open();
      o.logger.info('account_stream.starting', { url: o.url, channels: topics.length });
      await conn.open();
    },
    async stop() {
      stopped = true;
      await conn?.close();
    },
    healthy: () => conn?.status().state === 'live',
    status: () => (conn ? [conn.status()] : []),
    counters: () => ({ messages, malformed: { ...malformed }, reconnects }),
  };
}
