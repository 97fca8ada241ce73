/**
 * Subscription params validation, as the venue does it (pacifica-api.md §1.1/§1.3/§1.4): a bad
 * symbol or bad params (an account channel without a well-formed address) yield no topic, and
 * the server then sends no ack and no error.
 */
import { INTERVAL_MS } from './candles.js';

/** Allowed book agg_level values since the 2026-01-24 changelog. */
const AGG_LEVELS: ReadonlySet<number> = new Set([1, 10, 100, 1000, 10000]);

/** The account channels the simulator serves (pacifica-api.md §1.4). */
export const ACCOUNT_CHANNELS = ['account_info', 'account_positions', 'account_order_updates', 'account_trades'] as const;
export type AccountChannel = (typeof ACCOUNT_CHANNELS)[number];

/** A Solana address as the venue takes it: base58, 32 to 44 characters. */
const ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** A valid subscription: its channel and a key unique per (channel, params). */
export interface Topic {
  readonly channel: 'trades' | 'book' | 'prices' | 'candle' | AccountChannel;
  readonly key: string;
  readonly symbol?: string;
  readonly aggLevel?: number;
  readonly interval?: string;
  /** Account channels: the account's public key. */
  readonly account?: string;
}

/** Key of an account channel's topic (the broadcaster sends to its subscribers). */
export const accountTopicKey = (channel: AccountChannel, account: string): string => `${channel}:${account}`;

/** Parse `params` of a subscribe/unsubscribe; null when the venue would silently ignore it. */
export function parseTopic(params: unknown, symbols: ReadonlySet<string>): Topic | null {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null;
  const p = params as Record<string, unknown>;
  if (p.source === 'prices') return { channel: 'prices', key: 'prices' };
  const account = (ACCOUNT_CHANNELS as readonly unknown[]).includes(p.source) ? (p.source as AccountChannel) : null;
  // No signature: the address is the only parameter, and a malformed one gets no ack.
  if (account) return typeof p.account === 'string' && ADDRESS.test(p.account) ? { channel: account, key: accountTopicKey(account, p.account), account: p.account } : null;
  const symbol = p.symbol;
  if (typeof symbol !== 'string' || !symbols.has(symbol)) return null;
  if (p.source === 'trades') return { channel: 'trades', key: `trades:${symbol}`, symbol };
  if (p.source === 'book') {
    const aggLevel = p.agg_level === undefined ? 1 : p.agg_level;
    if (typeof aggLevel !== 'number' || !AGG_LEVELS.has(aggLevel)) return null;
    return { channel: 'book', key: `book:${symbol}:${aggLevel}`, symbol, aggLevel };
  }
  if (p.source === 'candle') {
    const interval = p.interval;
    if (typeof interval !== 'string' || INTERVAL_MS[interval] === undefined) return null;
    return { channel: 'candle', key: `candle:${symbol}:${interval}`, symbol, interval };
  }
  return null;
}

/** Junk frames for the malformed-frames fault: truncated, wrong types, unknown channels, binary. */
export const JUNK_FRAMES: ReadonlyArray<string | Buffer> = [
  '{"channel":"trades","data":[{"h":80062522,"s":"BTC","a":"0.0',
  'not json at all',
  '{"channel":"trades","data":[{"h":"x","s":7,"a":null,"p":"NaN","d":"sideways","t":"soon"}]}',
  '{"channel":"book","data":{"l":"nope","s":"BTC"}}',
  '{"channel":"prices","data":[{"symbol":"BTC","mark":"-1","timestamp":"x"}]}',
  '{"channel":"no_such_channel","data":{}}',
  '[]',
  'null',
  Buffer.from([0xff, 0x00, 0xfe, 0x01]),
];
