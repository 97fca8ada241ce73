/**
 * Subscription params validation, as the venue does it (pacifica-api.md §1.1/§1.3): a bad
 * symbol or bad params yield no topic, and the server then sends no ack and no error.
 */
import { INTERVAL_MS } from './candles.js';

/** Allowed book agg_level values since the 2026-01-24 changelog. */
const AGG_LEVELS: ReadonlySet<number> = new Set([1, 10, 100, 1000, 10000]);

/** A valid subscription: its channel and a key unique per (channel, params). */
export interface Topic {
  readonly channel: 'trades' | 'book' | 'prices' | 'candle';
  readonly key: string;
  readonly symbol?: string;
  readonly aggLevel?: number;
  readonly interval?: string;
}

/** Parse `params` of a subscribe/unsubscribe; null when the venue would silently ignore it. */
export function parseTopic(params: unknown, symbols: ReadonlySet<string>): Topic | null {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null;
  const p = params as Record<string, unknown>;
  if (p.source === 'prices') return { channel: 'prices', key: 'prices' };
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
