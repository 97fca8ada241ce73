import { describe, expect, it } from 'vitest';
import { dispatchFrame } from '../../../src/data/pacifica/dispatch.js';
import { createFrameRouter } from '../../../src/data/pacifica/frame-router.js';
import type { MarketEvent } from '../../../src/engine/ports/market-feed.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';

const trade = (s: string, h: number) => ({ h, s, a: '0.1', p: '100', d: 'open_long', tc: 'normal', t: 1_765_018_379_085 });
const frame = (data: unknown, channel = 'trades') => dispatchFrame(JSON.stringify({ channel, data }), false, 'pacifica', 0);

describe('frame router', () => {
  it('drops and counts trades and books for symbols not subscribed; prices for them are dropped quietly', () => {
    const events: MarketEvent[] = [];
    const router = createFrameRouter({ logger: silentLogger, emit: (e) => void events.push(e), subscribed: new Set(['BTC']) });
    for (let f = 0; f < 100; f++) router.route(frame(Array.from({ length: 100 }, (_, i) => trade(`JUNK${f * 100 + i}`, i))));
    router.route(frame([trade('BTC', 1), trade('NOPE', 2)]));
    router.route(frame({ l: [[], []], s: 'NOPE', t: 1 }, 'book'));
    router.route(frame([{ funding: '0', mark: '1', mid: '1', next_funding: '0', open_interest: '0', oracle: '1', symbol: 'NOPE', timestamp: 1, volume_24h: '0' }], 'prices'));
    expect(events).toEqual([{ type: 'trades.received', trades: [expect.objectContaining({ symbol: 'BTC', tradeId: 1 })] }]);
    expect(router.counters().unsubscribed).toBe(10_002);
  });
});
