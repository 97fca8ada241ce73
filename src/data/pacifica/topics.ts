/**
 * Subscription topics. A topic is the `params` object of a subscribe message; the venue
 * acknowledges by echoing those params (pacifica-api.md §1.1), so a topic's identity is
 * the canonical (recursively key-sorted) JSON of its params.
 */
import { sortDeep } from './signing.js';

export type TopicParams = Readonly<Record<string, string | number>>;

/** One subscription on one connection. */
export interface Topic {
  /** Canonical key: sorted compact JSON of `params`. */
  readonly key: string;
  readonly params: TopicParams;
  /** The symbol the topic carries, or null for all-symbol channels (`prices`). */
  readonly symbol: string | null;
  /** Venue channel (`source`), used for the per-channel subscription limit. */
  readonly channel: string;
}

/** Canonical key of a params object (also used to match an ack's echoed `data`). */
export function topicKey(params: unknown): string {
  return JSON.stringify(sortDeep(params));
}

function topic(params: TopicParams, sym: string | null): Topic {
  return { key: topicKey(params), params, symbol: sym, channel: String(params.source) };
}

/** `{"source":"trades","symbol":"SOL"}` */
export const tradesTopic = (sym: string): Topic => topic({ source: 'trades', symbol: sym }, sym);

/** `{"source":"book","symbol":"SOL","agg_level":1}`: agg_level 1 is the finest book. */
export const bookTopic = (sym: string, aggLevel = 1): Topic =>
  topic({ source: 'book', symbol: sym, agg_level: aggLevel }, sym);

/** `{"source":"prices"}`: every symbol on one subscription. */
export const pricesTopic = (): Topic => topic({ source: 'prices' }, null);

/**
 * Split symbols into shards so no connection carries more than `maxPerChannel`
 * subscriptions on any channel (venue limit: 20 per channel per connection, §1.2).
 * Symbols are spread evenly; the single `prices` topic rides on shard 0.
 */
export function shardTopics(symbols: readonly string[], maxPerChannel: number, aggLevel = 1): Topic[][] {
  if (!Number.isInteger(maxPerChannel) || maxPerChannel < 1) throw new RangeError(`bad maxPerChannel ${maxPerChannel}`);
  const unique = [...new Set(symbols)];
  const count = Math.max(1, Math.ceil(unique.length / maxPerChannel));
  const per = Math.ceil(unique.length / count);
  const shards: Topic[][] = [];
  for (let i = 0; i < count; i++) {
    const syms = unique.slice(i * per, (i + 1) * per);
    shards.push([...syms.map(tradesTopic), ...syms.map((s) => bookTopic(s, aggLevel))]);
  }
  shards[0]?.push(pricesTopic());
  return shards;
}

/** `{"source":"account_positions","account":"<pubkey>"}`: an account channel (§1.4), no signature. */
export const accountTopic = (channel: string, account: string): Topic => topic({ source: channel, account }, null);
