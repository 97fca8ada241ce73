/**
 * The feed slice of the state: the market connections, then the live account stream's
 * (role `account`), and malformed frames of both, the account channels' keyed apart.
 */
import { describe, expect, it } from 'vitest';
import { feedSlice } from '../../../../src/engine/app/spine/engine-sampler.js';
import type { ConnectionStatus, MarketFeed } from '../../../../src/engine/ports/market-feed.js';

const conn = (id: string, lastMessageAt: number): ConnectionStatus => ({ id, state: 'live', attempt: 0, nextRetryAt: null, subscriptions: 4, messagesPerSecond: 12.34, lastMessageAt, reconnects: 1 });

/** Only what the slice reads of the feed port. */
const feed = { counters: () => ({ messages: 10, malformed: { trades: 2 }, reconnects: 1 }), status: () => [conn('pacifica-0.0', 1_000)] } as unknown as MarketFeed;
const guard = { unknownSymbol: 0, quarantined: {}, unrecorded: 0 };

describe('feed slice', () => {
  it('lists the account stream after the market connections and counts its malformed frames apart', () => {
    const s = feedSlice(feed, { connections: [conn('account.0', 5_000)], malformed: { account_positions: 3, json: 1 } }, guard, 1);
    expect(s.connections.map((c) => [c.id, c.role ?? 'market'])).toEqual([['pacifica-0.0', 'market'], ['account.0', 'account']]);
    expect(s.malformed).toEqual({ trades: 2, account_positions: 3, account_json: 1 });
    // Market-data age is the market connections' alone.
    expect(s.lastMessageAt).toBe(1_000);
  });

  it('without a live account stream the slice is the market feed alone', () => {
    const s = feedSlice(feed, { connections: [], malformed: {} }, guard, 1);
    expect(s.connections).toHaveLength(1);
    expect(s.malformed).toEqual({ trades: 2 });
  });
});
