import type { BookSnapshot, PriceUpdate, Tick } from '../core/types.js';

/** Per-connection health, for the UI and the headless summary. */
export interface ConnectionStatus {
  readonly id: string;
  readonly state: 'connecting' | 'live' | 'reconnecting' | 'stale' | 'closed';
  /** Consecutive failed attempts while reconnecting. */
  readonly attempt: number;
  /** Epoch ms of the next reconnect attempt, when reconnecting. */
  readonly nextRetryAt: number | null;
  readonly subscriptions: number;
  readonly messagesPerSecond: number;
  /** Epoch ms of the last message received (null before the first). */
  readonly lastMessageAt: number | null;
  readonly reconnects: number;
  /** Topics (canonical params JSON) that got no subscribe ack after every retry. */
  readonly failedTopics?: readonly string[];
}

/** Events pushed by a market feed (past tense, immutable). */
export type MarketEvent =
  | { readonly type: 'trades.received'; readonly trades: readonly Tick[] }
  | { readonly type: 'book.received'; readonly book: BookSnapshot }
  | { readonly type: 'prices.received'; readonly prices: readonly PriceUpdate[] }
  /** A connection came back (or rotated); trades for these symbols may have been missed. */
  | { readonly type: 'feed.resubscribed'; readonly connectionId: string; readonly symbols: readonly string[]; readonly downSince: number | null }
  | { readonly type: 'feed.malformed'; readonly kind: string; readonly sample: string };

/** Live market data (WebSocket). Implemented by `src/data/pacifica`. */
export interface MarketFeed {
  start(symbols: readonly string[]): Promise<void>;
  stop(): Promise<void>;
  onEvent(handler: (e: MarketEvent) => void): () => void;
  status(): readonly ConnectionStatus[];
  /** Counters: malformed messages by kind, total messages, trades/books for symbols not subscribed (dropped). */
  counters(): { readonly messages: number; readonly malformed: Readonly<Record<string, number>>; readonly reconnects: number; readonly subscribeFailures?: number; readonly unsubscribed?: number };
}

/** The live account stream as the engine state shows it next to the market feed. */
export interface AccountFeed {
  readonly connections: readonly ConnectionStatus[];
  /** Malformed account frames by channel. */
  readonly malformed: Readonly<Record<string, number>>;
}
