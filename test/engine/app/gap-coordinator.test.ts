import { describe, expect, it } from 'vitest';
import { createGapCoordinator } from '../../../src/engine/app/gap-coordinator.js';
import { RecentTicks } from '../../../src/engine/app/recent-ticks.js';
import type { Tick } from '../../../src/engine/core/types.js';
import type { Clock } from '../../../src/engine/ports/clock.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import { RecordingLogger } from './batch-writer-fakes.js';

/** Hand-written fake at our Clock port: timers fire when the test advances time. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  const clock: Clock = {
    now: () => now,
    sleep: async () => {},
    setTimer: (ms, fn) => {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return () => (t.live = false);
    },
  };
  const advance = async (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.live && x.at <= now)) {
      t.live = false;
      t.fn();
    }
    await new Promise((r) => setImmediate(r));
  };
  return { clock, advance };
}

const tick = (time: number, receivedAt: number): Tick => ({ time, receivedAt, symbol: 'SOL', tradeId: time, price: 1, volume: 1, side: 'buy', venue: 'simulator' });

describe('gap coordinator', () => {
  it('takes the last trade as of the outage, not the new connection\'s first trades', async () => {
    const { clock, advance } = fakeClock();
    const recent = new RecentTicks();
    const calls: Array<[string, number | null, number]> = [];
    const gaps = createGapCoordinator({ clock, logger: silentLogger, waitMs: 3_000, lastReceivedBefore: (s, w) => recent.lastReceivedBefore(s, w), repair: async (...a) => void calls.push(a) });
    recent.add([tick(1_000, 10), tick(2_000, 20)]);
    // outage from wall 20; the new connection delivers trades before it reports the resubscription
    const early = [tick(90_000, 500)];
    recent.add(early);
    gaps.observe(early);
    gaps.expect(['SOL'], 20);
    const first = [tick(90_500, 510)];
    recent.add(first);
    gaps.observe(first);
    await advance(0);
    expect(calls).toEqual([['SOL', 2_000, 90_500]]);
  });

  it('runs anyway after waitMs when no live trade comes, and retries a failed repair until it succeeds', async () => {
    const { clock, advance } = fakeClock();
    let failuresLeft = 2;
    const calls: Array<number | null> = [];
    const gaps = createGapCoordinator({
      clock, logger: silentLogger, waitMs: 3_000, random: () => 0, lastReceivedBefore: () => null,
      repair: async (_s, lastKnown) => {
        calls.push(lastKnown);
        if (failuresLeft-- > 0) throw new Error('database down');
      },
    });
    gaps.seed(new Map([['SOL', 5_000]]));
    gaps.expect(['SOL'], 0);
    expect(gaps.repairing('SOL')).toBe(true);
    await advance(3_000);
    expect(calls).toEqual([5_000]);
    await advance(60_000);
    await advance(60_000);
    expect(calls).toEqual([5_000, 5_000, 5_000]);
    expect(gaps.repairing('SOL')).toBe(false);
    expect(gaps.counters()).toMatchObject({ repairs: 3, failures: 2, pending: 0 });
  });

  it('stop cancels waits and retries', async () => {
    const { clock, advance } = fakeClock();
    const calls: string[] = [];
    const gaps = createGapCoordinator({ clock, logger: silentLogger, waitMs: 1_000, lastReceivedBefore: () => null, repair: async (s) => void calls.push(s) });
    gaps.expect(['BTC'], 0);
    await gaps.stop();
    await advance(5_000);
    expect(calls).toEqual([]);
  });

  it('a stop ends a retry wait without another repair; a repair failing after the stop is still logged', async () => {
    const { clock, advance } = fakeClock();
    const logger = new RecordingLogger();
    const calls: string[] = [];
    let fail!: (err: Error) => void;
    const gaps = createGapCoordinator({
      clock, logger, waitMs: 1_000, random: () => 0, lastReceivedBefore: () => null,
      repair: (s) => {
        calls.push(s);
        if (s === 'BTC') return Promise.reject(new Error('venue down'));
        return new Promise((_, reject) => (fail = reject));
      },
    });
    gaps.expect(['BTC', 'ETH'], 0);
    await advance(1_000);
    expect(calls).toEqual(['BTC', 'ETH']);
    const stopped = gaps.stop();
    fail(new Error('still down'));
    await stopped;
    await advance(60_000);
    expect(calls).toEqual(['BTC', 'ETH']);
    const logged = logger.events.filter((e) => e.event === 'gap.repair_failed').map((e) => [e.fields?.symbol, e.fields?.retryInMs]);
    expect(logged).toEqual([['BTC', 250], ['ETH', null]]);
    expect(gaps.counters()).toMatchObject({ failures: 2 });
  });
});
