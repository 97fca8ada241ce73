/**
 * One venue WebSocket carrying a fixed set of topics, kept alive for as long as it is wanted:
 * subscribe and wait for acks, JSON ping well inside the venue's 60 s idle cut, treat silence
 * as death (terminate, reconnect), reconnect with exponential backoff and full jitter, and
 * ask the owner to rotate it before the venue's 24 h cut (pacifica-api.md §1.2).
 * Follows `ws` guidance: an 'error' listener on every socket, liveness then terminate().
 */
import WebSocket from 'ws';
import { backoffDelay, type BackoffPolicy } from '../../engine/core/backoff.js';
import type { Venue } from '../../engine/core/types.js';
import type { Clock } from '../../engine/ports/clock.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { ConnectionStatus } from '../../engine/ports/market-feed.js';
import { dispatchFrame, type Frame } from './dispatch.js';
import { createRateMeter } from '../../engine/core/rate-meter.js';
import { startSubscriptionRound, type SubscriptionRound } from './subscription-round.js';
import type { Topic } from './topics.js';

/** Callbacks from a connection to the feed that owns it. */
export interface ConnectionHooks {
  /** Every parsed frame, acks and pongs included (the feed counts them). */
  onFrame(frame: Frame): void;
  /** All topics acked or given up. `downSince` is set when this ends an outage. */
  onLive(downSince: number | null): void;
  /** A reconnect was scheduled. */
  onReconnecting(): void;
  /** The socket has lived `rotateAfterMs`: time to open a replacement. */
  onRotateDue(): void;
  /** A topic got no ack after every attempt (it stays unsubscribed until the next reconnect). */
  onSubscribeFailed(topic: Topic): void;
}

export interface ConnectionOptions {
  readonly id: string;
  readonly url: string;
  readonly venue: Venue;
  readonly topics: readonly Topic[];
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly ackTimeoutMs: number;
  readonly maxSubscribeAttempts: number;
  readonly pingIntervalMs: number;
  readonly staleAfterMs: number;
  readonly rotateAfterMs: number;
  readonly backoff: BackoffPolicy;
  readonly hooks: ConnectionHooks;
}

/** A self-healing connection; see the module comment. */
export interface Connection {
  readonly id: string;
  readonly topics: readonly Topic[];
  /** Start connecting; resolves when first live or when the first attempt failed. */
  open(): Promise<void>;
  /** Resolves once live (or once closed, so a waiter never hangs). */
  whenLive(): Promise<void>;
  /** Close the socket and cancel every timer. */
  close(): Promise<void>;
  status(): ConnectionStatus & { readonly failedTopics: readonly string[] };
}

type State = ConnectionStatus['state'];

export function createConnection(o: ConnectionOptions): Connection {
  let state: State = 'connecting';
  let ws: WebSocket | null = null;
  let round: SubscriptionRound | null = null;
  let attempt = 0;
  let nextRetryAt: number | null = null;
  let reconnects = 0;
  let lastMessageAt: number | null = null;
  let lastHeardAt = 0;
  let downSince: number | null = null;
  let everLive = false;
  let closing = false;
  let socketTimers: Array<() => void> = [];
  let cancelRetry: (() => void) | null = null;
  let liveWaiters: Array<() => void> = [];
  let firstOutcome: (() => void) | null = null;
  const meter = createRateMeter();

  const settleWaiters = (): void => {
    firstOutcome?.();
    firstOutcome = null;
    if (state === 'live' || state === 'closed') {
      for (const w of liveWaiters) w();
      liveWaiters = [];
    }
  };

  const send = (sock: WebSocket, msg: unknown): void => {
    if (sock.readyState !== WebSocket.OPEN) return;
    sock.send(JSON.stringify(msg), (err) => {
      if (err) o.logger.debug('feed.send_failed', { id: o.id, message: err.message });
    });
  };

  const goLive = (): void => {
    if (closing) return;
    const resumedFrom = everLive ? downSince : null;
    state = 'live';
    attempt = 0;
    nextRetryAt = null;
    everLive = true;
    downSince = null;
    o.logger.info('feed.live', { id: o.id, subscriptions: round?.acked() ?? 0, failed: round?.failed().length ?? 0 });
    o.hooks.onLive(resumedFrom);
    settleWaiters();
  };

  const armStaleCheck = (sock: WebSocket, delay: number): void => {
    socketTimers.push(o.clock.setTimer(delay, () => {
      const silentFor = o.clock.now() - lastHeardAt;
      if (silentFor < o.staleAfterMs) return armStaleCheck(sock, o.staleAfterMs - silentFor);
      state = 'stale';
      o.logger.warn('feed.stale', { id: o.id, silentMs: silentFor });
      sock.terminate();
    }));
  };

  const armPing = (sock: WebSocket): void => {
    socketTimers.push(o.clock.setTimer(o.pingIntervalMs, () => {
      send(sock, { method: 'ping' });
      armPing(sock);
    }));
  };

  const onOpen = (sock: WebSocket): void => {
    lastHeardAt = o.clock.now();
    armPing(sock);
    armStaleCheck(sock, o.staleAfterMs);
    socketTimers.push(o.clock.setTimer(o.rotateAfterMs, () => o.hooks.onRotateDue()));
    round = startSubscriptionRound({
      topics: o.topics,
      ackTimeoutMs: o.ackTimeoutMs,
      maxAttempts: o.maxSubscribeAttempts,
      clock: o.clock,
      send: (t) => send(sock, { method: 'subscribe', params: t.params }),
      onFailed: (t, attempts) => {
        o.logger.warn('feed.subscribe_failed', { id: o.id, topic: t.key, attempts });
        o.hooks.onSubscribeFailed(t);
      },
      onSettled: goLive,
    });
  };

  const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
    const now = o.clock.now();
    lastHeardAt = now;
    lastMessageAt = now;
    meter.mark(now);
    const raw = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const frame = dispatchFrame(raw, isBinary, o.venue, now);
    if (frame.kind === 'ack') round?.ack(frame.key);
    o.hooks.onFrame(frame);
  };

  const scheduleRetry = (): void => {
    const delay = backoffDelay(o.backoff, attempt, o.random());
    attempt += 1;
    reconnects += 1;
    state = 'reconnecting';
    nextRetryAt = o.clock.now() + delay;
    o.logger.info('feed.reconnecting', { id: o.id, attempt, delayMs: delay });
    o.hooks.onReconnecting();
    cancelRetry = o.clock.setTimer(delay, () => {
      cancelRetry = null;
      connect();
    });
  };

  const onClose = (sock: WebSocket, code: number): void => {
    if (sock !== ws) return;
    ws = null;
    round?.cancel();
    round = null;
    for (const c of socketTimers) c();
    socketTimers = [];
    if (closing) {
      state = 'closed';
      settleWaiters();
      return;
    }
    // Gap repair starts from the last moment data was known to flow.
    if (everLive) downSince ??= lastMessageAt ?? o.clock.now();
    o.logger.warn('feed.disconnected', { id: o.id, code, wasState: state });
    scheduleRetry();
    settleWaiters();
  };

  const connect = (): void => {
    if (closing) return;
    if (state !== 'reconnecting') state = 'connecting';
    const sock = new WebSocket(o.url, { perMessageDeflate: false, handshakeTimeout: Math.max(1000, o.staleAfterMs) });
    ws = sock;
    sock.on('error', (err) => o.logger.warn('feed.socket_error', { id: o.id, message: err.message }));
    sock.on('open', () => sock === ws && onOpen(sock));
    sock.on('message', (data, isBinary) => sock === ws && onMessage(data, isBinary));
    sock.on('close', (code) => onClose(sock, code));
  };

  return {
    id: o.id,
    topics: o.topics,
    open() {
      return new Promise<void>((resolve) => {
        firstOutcome = resolve;
        connect();
      });
    },
    whenLive() {
      if (state === 'live' || state === 'closed') return Promise.resolve();
      return new Promise<void>((resolve) => liveWaiters.push(resolve));
    },
    async close() {
      closing = true;
      cancelRetry?.();
      cancelRetry = null;
      const sock = ws;
      if (!sock) {
        state = 'closed';
        settleWaiters();
        return;
      }
      const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
      // A clean close handshake when open; otherwise (or if the peer is silent) terminate.
      if (sock.readyState === WebSocket.OPEN) sock.close(1000, 'client closing');
      else sock.terminate();
      const cancelKill = o.clock.setTimer(1000, () => sock.terminate());
      await closed;
      cancelKill();
    },
    status() {
      const now = o.clock.now();
      return {
        id: o.id,
        state,
        attempt,
        nextRetryAt,
        subscriptions: round?.acked() ?? 0,
        messagesPerSecond: meter.perSecond(now),
        lastMessageAt,
        reconnects,
        failedTopics: round?.failed() ?? [],
      };
    },
  };
}
