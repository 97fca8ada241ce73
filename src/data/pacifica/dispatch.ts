/**
 * One WS frame -> one typed result. Never throws: junk from the network is a value
 * (`malformed`, with a kind and a short sample), so the feed counts it and carries on.
 */
import { z } from 'zod';
import type { BookSnapshot, PriceUpdate, Tick, Venue } from '../../engine/core/types.js';
import { dispatchAccount, isAccountChannel, type AccountChannel, type AccountFrame } from './account-frames.js';
import { parseBook } from './parse-book.js';
import { parsePrices } from './parse-prices.js';
import { parseTrades } from './parse-trades.js';
import { sampleOf } from './schema-primitives.js';
import { topicKey } from './topics.js';

/** Why a frame was rejected; the feed counts malformed frames by this kind. */
export type MalformedKind = 'binary' | 'json' | 'envelope' | 'unknown-channel' | 'subscribe' | 'trades' | 'book' | 'prices' | AccountChannel;

export type Frame =
  | { readonly kind: 'trades'; readonly ticks: Tick[]; readonly invalid: number; readonly sample: string | null }
  | { readonly kind: 'book'; readonly book: BookSnapshot }
  | { readonly kind: 'prices'; readonly prices: PriceUpdate[]; readonly invalid: number; readonly sample: string | null }
  | { readonly kind: 'ack'; readonly key: string }
  | { readonly kind: 'pong' }
  | AccountFrame
  | { readonly kind: 'malformed'; readonly reason: MalformedKind; readonly sample: string };

const envelope = z.object({ channel: z.string().max(64), data: z.unknown().optional() });
const ackData = z.record(z.string(), z.union([z.string(), z.number()]));

const malformed = (reason: MalformedKind, sample: unknown): Frame => ({ kind: 'malformed', reason, sample: sampleOf(sample) });

/*
 * Control frames (pacifica-api.md §1.1, §1.2):
 *   ack:  {"channel":"subscribe","data":{"source":"book","symbol":"SOL","agg_level":1}}
 *   pong: {"channel":"pong"}
 */
function dispatchEnvelope(channel: string, data: unknown, venue: Venue, receivedAt: number): Frame {
  switch (channel) {
    case 'pong':
      return { kind: 'pong' };
    case 'subscribe': {
      const r = ackData.safeParse(data);
      return r.success ? { kind: 'ack', key: topicKey(r.data) } : malformed('subscribe', data);
    }
    case 'trades': {
      const r = parseTrades(data, venue, receivedAt);
      return r ? { kind: 'trades', ticks: r.items, invalid: r.invalid, sample: r.sample } : malformed('trades', data);
    }
    case 'book': {
      const book = parseBook(data, receivedAt);
      return book ? { kind: 'book', book } : malformed('book', data);
    }
    case 'prices': {
      const r = parsePrices(data);
      return r ? { kind: 'prices', prices: r.items, invalid: r.invalid, sample: r.sample } : malformed('prices', data);
    }
    default:
      return isAccountChannel(channel) ? dispatchAccount(channel, data) : malformed('unknown-channel', channel);
  }
}

/**
 * Classify and parse one frame. `raw` is what `ws` hands to 'message' (a Buffer, or a
 * string in tests); the venue only sends text, so a binary frame is malformed.
 */
export function dispatchFrame(raw: string | Uint8Array, isBinary: boolean, venue: Venue, receivedAt: number): Frame {
  if (isBinary) return malformed('binary', Buffer.from(raw).subarray(0, 32).toString('hex'));
  const text = typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return malformed('json', text);
  }
  const env = envelope.safeParse(json);
  if (!env.success) return malformed('envelope', text);
  return dispatchEnvelope(env.data.channel, env.data.data, venue, receivedAt);
}
