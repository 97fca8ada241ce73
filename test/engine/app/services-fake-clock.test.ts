/**
 * The app services on the fake clock (no real sleeps): scanner, warm-up, candle service and
 * gap repair, each with fakes at the ports it uses.
 */
import { describe, expect, it } from 'vitest';
import { createCandleService } from '../../../src/engine/app/candle-service.js';
import { repairSymbol } from '../../../src/engine/app/gap-repair.js';
import { createScanner, type ScanEntry } from '../../../src/engine/app/scanner.js';
import { warmUp } from '../../../src/engine/app/warmup.js';
import type { Candle, Tick } from '../../../src/engine/core/types.js';
import { createVwmStrategy } from '../../../src/engine/core/vwm.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { RecordingLogger } from './batch-writer-fakes.js';
import { activePair, FakeRest, MemoryStore } from './engine-fakes.js';

const T0 = Date.UTC(2026, 11, 1, 12, 1, 0);
const tick = (symbol: string, time: number, price: number, tradeId = time): Tick => ({ symbol, time, tradeId, price, volume: 1, side: 'buy', venue: 'simulator' });
const candleService = (clock: FakeClock, store = new MemoryStore(), closed: Candle[] = []) =>
  createCandleService({ store, clock, logger: silentLogger, timeframes: ['1m', '15m'], onClosed: (c) => closed.push(c), reloadDelayMs: 2_000 });

describe('candle service', () => {
  it('closes a bucket on the candle clock, with no trade needed after it', async () => {
    const clock = new FakeClock(T0);
    const closed: Candle[] = [];
    const candles = candleService(clock, new MemoryStore(), closed);
    candles.ingest([tick('BTC', T0 + 1_000, 100), tick('BTC', T0 + 2_000, 102)]);
    candles.tick(T0 + 59_000);
    expect(closed.filter((c) => c.timeframe === '1m')).toEqual([]);
    candles.tick(T0 + 60_000 + 10_000);
    const minute = closed.find((c) => c.timeframe === '1m')!;
    expect(minute).toMatchObject({ symbol: 'BTC', open: 100, close: 102, high: 102, trades: 2 });
  });

  it('a trade too late for its candle reloads that bucket from SQL after the delay', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStore();
    const candles = candleService(clock, store);
    candles.ingest([tick('BTC', T0 + 1_000, 100)]);
    candles.tick(T0 + 3 * 60_000);
    const bucket = T0 - (T0 % 60_000);
    store.candles = [{ symbol: 'BTC', timeframe: '1m', time: bucket, open: 100, high: 105, low: 100, close: 105, volume: 2, vwap: 102.5, trades: 2, buyVolume: 2, sellVolume: 0, source: 'live' }];
    candles.ingest([tick('BTC', T0 + 2_000, 105, 99)]);
    expect(candles.lateTrades()).toBeGreaterThan(0);
    await clock.advance(1_999);
    expect(candles.closed('BTC', '1m').at(-1)?.close).toBe(100);
    await clock.advance(1);
    expect(candles.closed('BTC', '1m').find((c) => c.time === bucket)?.close).toBe(105);
  });
});

describe('scanner', () => {
  it('evaluates every active pair, one signals row each with a reason; keeps rows while the database is down', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStore();
    const strategy = createVwmStrategy();
    const seen: ScanEntry[] = [];
    const pairs = [activePair('BTC'), activePair('ETH'), { ...activePair('XYZ'), isActive: false }];
    const scanner = createScanner({
      strategy, candles: candleService(clock), store, logger: silentLogger, portfolioValue: 100_000, pairs: () => pairs,
      price: (s) => (s === 'ETH' ? undefined : 100), now: () => clock.now(), onEvaluated: (e) => seen.push(e),
      blocked: (s) => (s === 'BTC' ? 'repairing missed trades' : null), maxPending: 3,
    });
    await scanner.scan();
    expect(store.signals.map((r) => [r.symbol, r.decision, r.reason])).toEqual([['BTC', 'hold', 'repairing missed trades'], ['ETH', 'hold', 'no price yet']]);
    expect(seen.map((e) => e.symbol)).toEqual(['BTC', 'ETH']);
    store.down = true;
    await scanner.scan();
    await scanner.scan();
    expect(scanner.counts()).toMatchObject({ unsaved: 3, dropped: 1 });
    store.down = false;
    await scanner.scan();
    expect(store.signals).toHaveLength(2 + 3 + 2);
    expect(scanner.counts().unsaved).toBe(0);
  });
});

describe('warm-up', () => {
  it('stored candles first, backfill for the rest with progress; a hung venue is cut at the deadline', async () => {
    const clock = new FakeClock(T0);
    const store = new MemoryStore();
    const rest = new FakeRest(['BTC', 'ETH'], T0);
    rest.hangKlines.add('ETH');
    const candles = candleService(clock);
    const progress: string[] = [];
    const logger = new RecordingLogger();
    const run = warmUp({
      store, rest, candles, logger, timeframe: '15m', required: 20, backfill: true, deadlineMs: 20_000,
      setTimer: (ms, fn) => clock.setTimer(ms, fn), onProgress: (d, t) => progress.push(`${d}/${t}`),
    }, [activePair('BTC'), activePair('ETH')], T0, () => clock.now());
    let report: Awaited<typeof run> | null = null;
    void run.then((r) => (report = r));
    await clock.advance(19_000);
    expect(report).toBeNull();
    await clock.advance(1_500);
    expect(report).not.toBeNull();
    expect(progress).toEqual(['0/2', '1/2']);
    expect(candles.closed('BTC', '15m').length).toBeGreaterThanOrEqual(20);
    expect(logger.has('warmup.backfill_late')).toBe(true);
  });
});

describe('gap repair', () => {
  it('stores the trades the feed missed and records a hole when REST does not reach back', async () => {
    const store = new MemoryStore();
    const rest = new FakeRest(['BTC'], T0);
    rest.getRecentTrades = async () => [T0 + 10_000, T0 + 11_000, T0 + 12_000].map((time) => ({ time, symbol: 'BTC', price: 100, amount: 1, side: 'buy' as const }));
    const pushed: Tick[] = [];
    const r = await repairSymbol({ rest, store, logger: silentLogger, venue: 'simulator', recent: () => [], sink: { push: (t) => pushed.push(...t) } }, 'BTC', T0, T0 + 11_500);
    expect(r.stored).toBe(2);
    expect(pushed.map((t) => t.time)).toEqual([T0 + 10_000, T0 + 11_000]);
    expect(r.hole).not.toBeNull();
    expect(store.gaps).toHaveLength(1);
  });

  it('a repair with nothing from REST still says so: one gap.repaired line per repair', async () => {
    const rest = new FakeRest(['BTC'], T0);
    rest.getRecentTrades = async () => [];
    const logger = new RecordingLogger();
    const r = await repairSymbol({ rest, store: new MemoryStore(), logger, venue: 'simulator', recent: () => [], sink: { push: () => {} } }, 'BTC', T0, T0 + 1_000);
    expect(r).toMatchObject({ recovered: 0, stored: 0, hole: null });
    expect(logger.events.filter((l) => l.event === 'gap.repaired')).toEqual([expect.objectContaining({ event: 'gap.repaired', fields: expect.objectContaining({ symbol: 'BTC', recovered: 0 }) })]);
  });
});
