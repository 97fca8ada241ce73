import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { TIMEFRAMES, type Candle, type Tick } from '../../../src/engine/core/types.js';
import { copyMigrations, type OpenHarness, type StoreHarness } from './harness.js';
import { makeTicks, referenceCandles } from './reference-candles.js';

const T0 = Date.UTC(2025, 10, 14, 16, 35, 26, 0);
const MIGRATIONS = ['001_core.sql', '002_pairs_seed.sql', '003_candles.sql', '004_seed_view.sql', '005_timescale.sql', '006_trading.sql'];
const TABLES = ['candles_15m', 'candles_1d', 'candles_1h', 'candles_1m', 'candles_4h', 'candles_5m', 'gaps', 'orders',
  'pairs', 'paper_account', 'positions', 'schema_migrations', 'signals', 'ticks', 'trading_state', 'whale_activities'];

const tick = (over: Partial<Tick>): Tick => ({
  time: T0, symbol: 'BTC', tradeId: 1, price: 100, volume: 1, side: 'buy', venue: 'simulator', ...over,
});

const rejection = async (p: Promise<unknown>): Promise<NexwaveError> => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(NexwaveError);
  return err as NexwaveError;
};

/** The Store contract; every adapter must pass it unchanged. */
export function storeContract(name: string, open: OpenHarness): void {
  describe(`${name}: migrations`, () => {
    it('builds the schema once; a second run applies nothing', async () => {
      const h = await open();
      try {
        const first = await h.store.migrate();
        expect(first.applied.map((m) => m.name)).toEqual(MIGRATIONS);
        expect(first.timescale).toBe(false);
        const second = await h.store.migrate();
        expect(second.applied).toEqual([]);
        expect(second.alreadyApplied).toBe(MIGRATIONS.length);
        const pairs = await h.store.loadPairs();
        const byCat = (c: string): number => pairs.filter((p) => p.category === c && p.isActive).length;
        expect([pairs.length, byCat('major'), byCat('mid-cap'), byCat('emerging'), byCat('small-cap')]).toEqual([34, 3, 7, 18, 6]);
        expect(pairs.find((p) => p.symbol === 'STRK')).toMatchObject({ category: 'emerging', whaleThresholdUsd: 5000 });
        // The seed's `\dt`.
        const tables = await h.raw("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
        expect(tables.map((r) => r.table_name)).toEqual(TABLES);
      } finally {
        await h.dispose();
      }
    });

    it('refuses an applied migration that was edited, naming the file', async () => {
      const m = copyMigrations();
      const h = await open(m.dir);
      try {
        await h.store.migrate();
        m.edit('003_candles.sql');
        const err = await rejection((await h.reopen(m.dir)).migrate());
        expect(err.code).toBe('STORE.MIGRATION_EDITED');
        expect(err.message).toContain('003_candles.sql');
      } finally {
        await h.dispose();
        m.remove();
      }
    });

    it('rolls a failing migration back completely and reports file and database message', async () => {
      const m = copyMigrations();
      m.add('099_broken.sql', 'CREATE TABLE half_built (id int);\nINSERT INTO no_such_table VALUES (1);\n');
      const h = await open(m.dir);
      try {
        const err = await rejection(h.store.migrate());
        expect(err.code).toBe('STORE.MIGRATION_FAILED');
        expect(err.message).toContain('099_broken.sql');
        expect(err.message).toContain('no_such_table');
        const versions = await h.raw('SELECT max(version) AS v FROM schema_migrations');
        expect(Number(versions[0]?.v)).toBe(MIGRATIONS.length);
        const half = await h.raw("SELECT to_regclass('public.half_built') AS t");
        expect(half[0]?.t).toBeNull();
      } finally {
        await h.dispose();
        m.remove();
      }
    });
  });

  describe(`${name}: data`, () => {
    let h: StoreHarness;
    beforeAll(async () => {
      h = await open();
      await h.store.migrate();
    });
    afterAll(async () => h?.dispose());

    it('stores each trade exactly once, keeping distinct trades of the same millisecond', async () => {
      const batch = [tick({ tradeId: 1, price: 100 }), tick({ tradeId: 2, price: 101 }), tick({ tradeId: 1, price: 100 })];
      expect(await h.store.insertTicks(batch)).toEqual({ inserted: 2 });
      expect(await h.store.insertTicks(batch)).toEqual({ inserted: 0 });
      expect(await h.store.countTicks('BTC')).toBe(2);
      const found = await h.store.findTicks('BTC', T0, T0 + 1);
      expect(found.map((t) => [t.tradeId, t.price, t.time, t.venue])).toEqual([[1, 100, T0, 'simulator'], [2, 101, T0, 'simulator']]);
      expect((await h.store.lastTicks()).get('BTC')).toMatchObject({ tradeId: 2, time: T0 });
      const m1 = await h.store.loadCandles({ timeframe: '1m', symbol: 'BTC' });
      expect(m1).toHaveLength(1);
      expect(m1[0]).toMatchObject({ volume: 2, trades: 2, open: 100, close: 101, source: 'stored' });
    });

    it('keeps every candle table exact under retried and overlapping batches', async () => {
      const ticks = makeTicks('ETH', T0, 1500, 42);
      // Overlapping windows, each sent twice, in shuffled order: every tick arrives 2-4 times.
      const batches: Tick[][] = [];
      for (let i = 0; i < ticks.length; i += 200) batches.push(ticks.slice(Math.max(0, i - 50), i + 200));
      const order = [...batches, ...[...batches].reverse()];
      let inserted = 0;
      for (const b of order) inserted += (await h.store.insertTicks(b)).inserted;
      expect(inserted).toBe(ticks.length);
      for (const tf of TIMEFRAMES) {
        const got = await h.store.loadCandles({ timeframe: tf, symbol: 'ETH' });
        const want = referenceCandles(ticks, tf);
        expect(got.map((c) => c.time), tf).toEqual(want.map((c) => c.time));
        got.forEach((c, i) => {
          const w = want[i]!;
          expect([c.open, c.high, c.low, c.close, c.trades], `${tf} ${c.time}`).toEqual([w.open, w.high, w.low, w.close, w.trades]);
          expect(c.volume).toBeCloseTo(w.volume, 6);
          expect(c.vwap).toBeCloseTo(w.vwap, 6);
          expect(c.buyVolume).toBeCloseTo(w.buyVolume, 6);
          expect(c.sellVolume).toBeCloseTo(w.sellVolume, 6);
        });
      }
    });

    it("answers the seed's view and verification queries, matching candles_15m", async () => {
      // Distinct milliseconds: the seed's FIRST/LAST order by time only.
      const ticks = makeTicks('SOL', T0, 400, 7).map((t, i) => ({ ...t, time: T0 + i * 7_001 }));
      await h.store.insertTicks(ticks);
      const view = await h.raw(
        "SELECT (extract(epoch FROM time) * 1000)::float8 AS ms, open, high, low, close, volume, vwap FROM candles_15m_ohlcv WHERE symbol = 'SOL' ORDER BY time",
      );
      const table = await h.store.loadCandles({ timeframe: '15m', symbol: 'SOL' });
      expect(view.map((r) => r.ms)).toEqual(table.map((c) => c.time));
      view.forEach((r, i) => {
        const c = table[i]!;
        expect([r.open, r.high, r.low, r.close]).toEqual([c.open, c.high, c.low, c.close]);
        expect(Number(r.volume)).toBeCloseTo(c.volume, 6);
        expect(Number(r.vwap)).toBeCloseTo(c.vwap, 6);
      });
      // Epoch-aligned UTC buckets, like TimescaleDB's for widths that divide a day.
      const buckets = await h.raw(`SELECT (extract(epoch FROM time_bucket('1 day', t)) * 1000)::float8 AS d,
          (extract(epoch FROM time_bucket('4 hours', t)) * 1000)::float8 AS h4,
          (extract(epoch FROM time_bucket('15 minutes', t)) * 1000)::float8 AS m15
        FROM (SELECT timestamptz '2025-11-14 23:59:59.999+00' AS t) x`);
      const last = Date.UTC(2025, 10, 14, 23, 59, 59, 999);
      expect(buckets[0]).toEqual({ d: Date.UTC(2025, 10, 14), h4: Date.UTC(2025, 10, 14, 20), m15: last - 899_999 });
      const count = await h.raw('SELECT COUNT(*) FROM ticks');
      expect(Number(count[0]?.count)).toBe(await h.store.countTicks());
      const perSymbol = await h.raw('SELECT symbol, COUNT(*) as candles FROM candles_15m_ohlcv GROUP BY symbol ORDER BY symbol LIMIT 5');
      expect(perSymbol.find((r) => r.symbol === 'SOL')?.candles).toSatisfy((n: unknown) => Number(n) === table.length);
    });

    it('loads the last N candles per symbol in ascending order', async () => {
      const all = await h.store.loadCandles({ timeframe: '1m', symbol: 'ETH' });
      const last = await h.store.loadCandles({ timeframe: '1m', lastN: 3 });
      expect(last.filter((c) => c.symbol === 'ETH')).toEqual(all.slice(-3));
      const ranged = await h.store.loadCandles({ timeframe: '1m', symbol: 'ETH', from: all[1]!.time, to: all[3]!.time });
      expect(ranged).toEqual(all.slice(1, 3));
    });

    it('fills empty buckets from backfill but never lets it override stored ticks', async () => {
      const base = Date.UTC(2025, 10, 1, 0, 0);
      const candle = (time: number, volume: number): Candle => ({
        symbol: 'LINK', timeframe: '1m', time, open: 10, high: 12, low: 9, close: 11, volume, vwap: 10.5,
        trades: 5, buyVolume: volume / 2, sellVolume: volume / 2, source: 'backfill',
      });
      await h.store.insertTicks([tick({ symbol: 'LINK', time: base + 1000, price: 10, volume: 3 })]);
      await h.store.upsertCandles([candle(base, 50), candle(base + 60_000, 40)]);
      await h.store.upsertCandles([candle(base + 60_000, 42)]);
      let got = await h.store.loadCandles({ timeframe: '1m', symbol: 'LINK' });
      expect(got.map((c) => [c.source, c.volume])).toEqual([['stored', 3], ['backfill', 42]]);
      // The bucket's first stored ticks replace the backfill row instead of adding to it.
      await h.store.insertTicks([tick({ symbol: 'LINK', time: base + 61_000, price: 11, volume: 2, tradeId: 9 })]);
      got = await h.store.loadCandles({ timeframe: '1m', symbol: 'LINK' });
      expect(got[1]).toMatchObject({ source: 'stored', volume: 2, trades: 1, open: 11, high: 11, low: 11, close: 11 });
    });

    it('prunes old ticks in batches and keeps the candles', async () => {
      // Older than every other test's ticks: retention is global, not per symbol.
      const ticks = makeTicks('HYPE', T0 - 30 * 86_400_000, 60, 3);
      await h.store.insertTicks(ticks);
      const cut = ticks[40]!.time;
      const older = ticks.filter((t) => t.time < cut).length;
      const candlesBefore = await h.store.loadCandles({ timeframe: '1h', symbol: 'HYPE' });
      expect(await h.store.pruneTicks(cut, 7)).toBe(older);
      expect(await h.store.countTicks('HYPE')).toBe(ticks.length - older);
      expect(await h.store.pruneTicks(cut, 7)).toBe(0);
      expect(await h.store.loadCandles({ timeframe: '1h', symbol: 'HYPE' })).toEqual(candlesBefore);
    });

    it('upserts a persisting whale wall as one row and tracks its impact', async () => {
      const w = {
        key: 'BTC|bid|single|100', symbol: 'BTC', detectedAt: T0, lastSeenAt: T0, whaleType: 'single' as const,
        direction: 'bid' as const, priceLow: 100, priceHigh: 100, totalVolume: 300, totalValueUsd: 30_000,
        orderCount: 4, confidence: 0.7, midAtDetection: 100.5, marketImpactBps: null,
      };
      const id = await h.store.upsertWhale(w);
      expect(await h.store.upsertWhale({ ...w, lastSeenAt: T0 + 5000, totalVolume: 350 })).toBe(id);
      const again = await h.store.upsertWhale({ ...w, detectedAt: T0 + 600_000, lastSeenAt: T0 + 600_000 });
      expect(again).not.toBe(id);
      expect((await h.store.recentWhales(10)).map((x) => x.id)).toEqual([again, id]);
      expect(await h.store.whalesAwaitingImpact(T0 + 1)).toMatchObject([{ id, lastSeenAt: T0 + 5000, totalVolume: 350 }]);
      await h.store.setWhaleImpact(id, 12.5);
      expect(await h.store.whalesAwaitingImpact(T0 + 1)).toEqual([]);
      await h.store.upsertWhale({ ...w, lastSeenAt: T0 + 9000 });
      expect((await h.store.recentWhales(10)).find((x) => x.id === id)?.marketImpactBps).toBe(12.5);
    });

    it('syncs pairs: new symbols arrive inactive, known ones keep our category and flag', async () => {
      const btc = (await h.store.loadPairs()).find((p) => p.symbol === 'BTC')!;
      await h.store.upsertPairs([
        { ...btc, tickSize: 1, category: 'small-cap', isActive: false },
        { ...btc, symbol: 'NEWCOIN', displayName: 'New Coin', category: 'emerging', isActive: true },
      ]);
      const pairs = await h.store.loadPairs();
      expect(pairs.find((p) => p.symbol === 'BTC')).toMatchObject({ tickSize: 1, category: 'major', isActive: true });
      expect(pairs.find((p) => p.symbol === 'NEWCOIN')).toMatchObject({ isActive: false, category: 'emerging' });
    });

    it('records gaps once and every signal', async () => {
      const gap = { symbol: 'ETH', from: T0, to: T0 + 60_000, reason: 'feed down, REST repair incomplete' };
      await h.store.insertGap(gap);
      await h.store.insertGap(gap);
      expect(await h.store.loadGaps('ETH')).toEqual([gap]);
      await h.store.insertSignals([
        { time: T0, symbol: 'ETH', strategyId: 'vwm', decision: 'hold', reason: 'volume ratio 0.40 < 1.00', price: 100,
          vwap: 99.9, momentum: 0.001, volumeRatio: 0.4, strength: null, size: null, stopLoss: null, takeProfit: null },
        { time: T0, symbol: 'BTC', strategyId: 'vwm', decision: 'long', reason: 'momentum 0.3% > 0.1%', price: 1,
          vwap: 1, momentum: 0.003, volumeRatio: 2, strength: 0.8, size: 0.5, stopLoss: 0.9, takeProfit: 1.2 },
      ]);
      const rows = await h.raw('SELECT decision, reason, strength FROM signals ORDER BY symbol');
      expect(rows).toEqual([
        { decision: 'long', reason: 'momentum 0.3% > 0.1%', strength: 0.8 },
        { decision: 'hold', reason: 'volume ratio 0.40 < 1.00', strength: null },
      ]);
    });

    it('rejects a tick for an unknown symbol as a non-retryable query failure', async () => {
      const err = await rejection(h.store.insertTicks([tick({ symbol: 'NOPE' })]));
      expect(err.code).toBe('STORE.QUERY_FAILED');
      expect(err.retryable).toBe(false);
    });
  });
}

/** Trading persistence: orders by client id, positions per mode, trading state history, paper account. */
export function tradingContract(name: string, open: OpenHarness): void {
  describe(`${name}: trading`, () => {
    it('stores orders before and after sending, positions per mode, the trading state and the paper account', async () => {
      const h = await open();
      try {
        await h.store.migrate();
        const t = h.store.trading!;
        const order = {
          clientOrderId: '5f0c7d3e-1111-4222-8333-944455556666', venueOrderId: null, strategyId: 's1', symbol: 'BTC', side: 'buy' as const,
          type: 'market' as const, amount: 0.5, filled: 0, price: null, avgFillPrice: null, reduceOnly: false, status: 'pending' as const,
          mode: 'paper' as const, reason: 'entry long', createdAt: T0, updatedAt: T0,
        };
        await t.saveOrder(order);
        expect(await t.loadOpenOrders('paper')).toEqual([order]);
        await t.saveOrder({ ...order, venueOrderId: 'p-1', status: 'filled', filled: 0.5, avgFillPrice: 101, updatedAt: T0 + 5 });
        expect(await t.loadOpenOrders('paper')).toEqual([]);
        const pos = {
          symbol: 'BTC', strategyId: 's1', side: 'long' as const, amount: 0.5, entryPrice: 101, markPrice: 102, unrealizedPnl: 0.5, realizedPnl: 0,
          fees: 0.02, funding: -0.01, stopLoss: 95, takeProfit: 110, trailingStop: null, openedAt: T0, mode: 'paper' as const, external: false, partialTaken: false,
        };
        await t.savePosition(pos);
        await t.savePosition({ ...pos, mode: 'live', external: true });
        expect(await t.loadPositions('paper')).toEqual([pos]);
        await t.deletePosition('paper', 's1', 'BTC');
        expect(await t.loadPositions('paper')).toEqual([]);
        expect(await t.loadPositions('live')).toHaveLength(1);
        expect(await t.loadTradingState()).toBeNull();
        await t.saveTradingState({ state: 'REDUCING', since: T0, reason: 'paused', by: 'console' }, 'paper');
        await t.saveTradingState({ state: 'HALTED', since: T0 + 1, reason: 'kill switch', by: 'cli' }, 'paper');
        const reopened = await h.reopen();
        expect(await reopened.trading!.loadTradingState()).toEqual({ state: 'HALTED', since: T0 + 1, reason: 'kill switch', by: 'cli' });
        expect(await reopened.trading!.loadPaperState()).toBeNull();
        await reopened.trading!.savePaperState({ balance: 1000.5, positions: [{ symbol: 'ETH' }] });
        expect(await reopened.trading!.loadPaperState()).toEqual({ balance: 1000.5, positions: [{ symbol: 'ETH' }] });
      } finally {
        await h.dispose();
      }
    });
  });
}
