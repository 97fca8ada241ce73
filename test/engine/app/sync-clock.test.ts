/** Reading mark prices at start-up: a stop ends the wait at once and logs nothing after it. */
import { describe, expect, it } from 'vitest';
import { syncClock } from '../../../src/engine/app/engine-timers.js';
import type { MarketRest } from '../../../src/engine/ports/market-rest.js';
import { FakeClock, RecordingLogger } from './batch-writer-fakes.js';

describe('syncClock', () => {
  it('a stop while the venue does not answer: resolves at once, no engine.prices_unavailable later', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const rest = { getPrices: () => new Promise(() => undefined) } as unknown as MarketRest;
    const halt = new AbortController();
    const done = syncClock(rest, { admitMark: () => true }, logger, clock, halt.signal);
    halt.abort();
    await done;
    await clock.advance(10_000);
    expect(logger.has('engine.prices_unavailable')).toBe(false);
  });

  it('without a stop, a venue that does not answer is said after 10 s', async () => {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const rest = { getPrices: () => new Promise(() => undefined) } as unknown as MarketRest;
    const done = syncClock(rest, { admitMark: () => true }, logger, clock, new AbortController().signal);
    await clock.advance(10_000);
    await done;
    expect(logger.has('engine.prices_unavailable')).toBe(true);
  });
});
