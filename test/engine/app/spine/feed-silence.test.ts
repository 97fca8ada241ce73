import { describe, expect, it } from 'vitest';
import { createFeedSilenceWatch } from '../../../../src/engine/app/spine/feed-silence.js';

const conn = [{ id: 'ws-1', state: 'connecting' as const, subscriptions: 0, messagesPerSecond: 0, lastMessageAt: null, reconnects: 0, nextRetryAt: null }];

describe('feed silence', () => {
  it('a feed that never delivers a first message is silent once the deadline passes after it started connecting', () => {
    const watch = createFeedSilenceWatch(15_000);
    expect(watch({ connections: [], lastMessageAt: null }, 0)).toBeNull();
    expect(watch({ connections: conn, lastMessageAt: null }, 1_000)).toBeNull();
    expect(watch({ connections: conn, lastMessageAt: null }, 16_000)).toBeNull();
    expect(watch({ connections: conn, lastMessageAt: null }, 16_001)).toEqual({ silent: true, message: 'no market data at all 15 s after the feed started connecting' });
    expect(watch({ connections: conn, lastMessageAt: null }, 30_000)).toBeNull();
    expect(watch({ connections: conn, lastMessageAt: 29_000 }, 30_000)).toEqual({ silent: false });
  });

  it('silence after the last message, once, then resumed', () => {
    const watch = createFeedSilenceWatch(15_000);
    expect(watch({ connections: conn, lastMessageAt: 1_000 }, 2_000)).toBeNull();
    expect(watch({ connections: conn, lastMessageAt: 1_000 }, 17_000)).toEqual({ silent: true, message: 'no market data for 16 s' });
    expect(watch({ connections: conn, lastMessageAt: 1_000 }, 20_000)).toBeNull();
    expect(watch({ connections: conn, lastMessageAt: 19_500 }, 20_000)).toEqual({ silent: false });
  });
});
