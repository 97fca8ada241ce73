import { describe, expect, it } from 'vitest';
import { JUMP_AFTER_MS, routeMarketEvent, type FeedRouterDeps } from '../../../src/engine/app/engine-feed.js';
import type { BookSnapshot } from '../../../src/engine/core/types.js';

function deps() {
  const expected: Array<[readonly string[], number]> = [];
  const d = {
    lastDataAt: new Map<string, number>(),
    gaps: { expect: (s: readonly string[], since: number) => void expected.push([s, since]), observe: () => {} },
    whales: { onBook: () => {} },
    guard: { screenBook: (b: BookSnapshot) => b },
  } as unknown as FeedRouterDeps;
  return { d, expected };
}
const book = (receivedAt: number): BookSnapshot => ({ symbol: 'SOL', time: receivedAt, receivedAt, bids: [], asks: [] });

describe('jump detection', () => {
  it('a pair silent for longer than JUMP_AFTER_MS on a live connection is repaired from where it went quiet', () => {
    const { d, expected } = deps();
    routeMarketEvent(d, { type: 'book.received', book: book(1_000) });
    routeMarketEvent(d, { type: 'book.received', book: book(1_250) });
    expect(expected).toEqual([]);
    routeMarketEvent(d, { type: 'book.received', book: book(1_250 + JUMP_AFTER_MS + 1) });
    expect(expected).toEqual([[['SOL'], 1_250]]);
  });
});
