/**
 * Hand-written fakes at the engine's own ports (store, feed, REST, writer), for engine
 * tests on the fake clock. Each keeps what a test needs to assert on, nothing more.
 */
import type { ConnectionStatus, MarketEvent, MarketFeed } from '../../../src/engine/ports/market-feed.js';
import type { MarketInfo, MarketRest, RestTrade } from '../../../src/engine/ports/market-rest.js';
import type { CandleQuery, InsertTicksResult, MigrationReport, Store, StoredWhale } from '../../../src/engine/ports/store.js';
import type { BatchWriter, WriterMetrics } from '../../../src/engine/app/batch-writer-types.js';
import type { BookSnapshot, Candle, Gap, Pair, PriceUpdate, SignalRecord, Tick, Timeframe, WhaleActivity } from '../../../src/engine/core/types.js';
import { TIMEFRAME_MS } from '../../../src/engine/core/types.js';

export const activePair = (symbol: string, category: Pair['category'] = 'major'): Pair => ({
  symbol, category, maxLeverage: 20, minOrderSize: 10, tickSize: 0.01, lotSize: 0.001, whaleThresholdUsd: 1_000_000, isActive: true, displayName: symbol,
});

/** Everything in memory; `down` makes every call fail like an unreachable database. */
export class MemoryStore implements Store {
  readonly kind = 'pglite' as const;
  readonly description = 'memory';
  down = false;
  pairs: Pair[] = [];
  candles: Candle[] = [];
  signals: SignalRecord[] = [];
  whales: WhaleActivity[] = [];
  gaps: Gap[] = [];
  ticks: Tick[] = [];
  private ok(): void {
    if (this.down) throw new Error('database unavailable');
  }
  async migrate(): Promise<MigrationReport> {
    return { applied: [], alreadyApplied: 0, timescale: false };
  }
  async usesTimescale(): Promise<boolean> {
    return false;
  }
  async ping(): Promise<void> {
    this.ok();
  }
  async close(): Promise<void> {}
  async insertTicks(ticks: readonly Tick[]): Promise<InsertTicksResult> {
    this.ok();
    this.ticks.push(...ticks);
    return { inserted: ticks.length };
  }
  async findTicks(symbol: string, from: number, to: number): Promise<Tick[]> {
    return this.ticks.filter((t) => t.symbol === symbol && t.time >= from && t.time < to);
  }
  async lastTicks(): Promise<Map<string, Tick>> {
    return new Map();
  }
  async countTicks(): Promise<number> {
    return this.ticks.length;
  }
  async pruneTicks(): Promise<number> {
    return 0;
  }
  async setTickAges(): Promise<void> {}
  async loadPairs(): Promise<Pair[]> {
    this.ok();
    return [...this.pairs];
  }
  async upsertPairs(pairs: readonly Pair[]): Promise<void> {
    this.ok();
    const known = new Map(this.pairs.map((p) => [p.symbol, p]));
    for (const p of pairs) known.set(p.symbol, p);
    this.pairs = [...known.values()];
  }
  async loadCandles(q: CandleQuery): Promise<Candle[]> {
    this.ok();
    return this.candles.filter((c) => c.timeframe === q.timeframe && (q.symbol === undefined || c.symbol === q.symbol));
  }
  async upsertCandles(candles: readonly Candle[]): Promise<void> {
    this.ok();
    this.candles.push(...candles);
  }
  async insertGap(gap: Gap): Promise<void> {
    this.gaps.push(gap);
  }
  async loadGaps(): Promise<Gap[]> {
    return [...this.gaps];
  }
  async insertSignals(signals: readonly SignalRecord[]): Promise<void> {
    this.ok();
    this.signals.push(...signals);
  }
  async loadSignals(): Promise<SignalRecord[]> {
    return [...this.signals].reverse();
  }
  async upsertWhale(w: WhaleActivity): Promise<number> {
    this.ok();
    this.whales.push(w);
    return this.whales.length;
  }
  async setWhaleImpact(): Promise<void> {}
  async whalesAwaitingImpact(): Promise<StoredWhale[]> {
    return [];
  }
  async recentWhales(): Promise<StoredWhale[]> {
    return [];
  }
}

/** A feed the test drives: `emit` market events, set `connections`. */
export class FakeFeed implements MarketFeed {
  connections: ConnectionStatus[] = [];
  messages = 0;
  started: string[] = [];
  private handlers = new Set<(e: MarketEvent) => void>();
  async start(symbols: readonly string[]): Promise<void> {
    this.started = [...symbols];
  }
  async stop(): Promise<void> {}
  onEvent(handler: (e: MarketEvent) => void): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }
  emit(e: MarketEvent): void {
    this.messages++;
    for (const h of this.handlers) h(e);
  }
  status(): readonly ConnectionStatus[] {
    return this.connections;
  }
  counters() {
    return { messages: this.messages, malformed: {}, reconnects: 0 };
  }
}

/** REST that serves `/info` for the given pairs, prices at `time`, and flat closed candles up to `time`. */
export class FakeRest implements MarketRest {
  klineCalls = 0;
  /** Symbols whose /kline never answers. */
  readonly hangKlines = new Set<string>();
  /** Symbols whose /kline answers only once the promise settles. */
  readonly gateKlines = new Map<string, Promise<void>>();
  constructor(private readonly symbols: readonly string[], public time: number, public price = 100) {}
  async getInfo(): Promise<MarketInfo[]> {
    return this.symbols.map((symbol) => ({ symbol, tickSize: 0.01, lotSize: 0.001, maxLeverage: 20, minOrderSize: 10, maxOrderSize: 1e6, isolatedOnly: false }));
  }
  async getPrices(): Promise<PriceUpdate[]> {
    return this.symbols.map((symbol) => ({ symbol, time: this.time, mark: this.price, mid: this.price, oracle: this.price, funding: 0, nextFunding: 0, openInterest: 0, volume24h: 0 }));
  }
  async getKlines(symbol: string, timeframe: Timeframe, startTime: number, endTime: number): Promise<Candle[]> {
    this.klineCalls++;
    if (this.hangKlines.has(symbol)) return new Promise(() => {});
    await this.gateKlines.get(symbol);
    const ms = TIMEFRAME_MS[timeframe];
    const out: Candle[] = [];
    for (let t = startTime; t < endTime; t += ms) {
      out.push({ symbol, timeframe, time: t, open: this.price, high: this.price, low: this.price, close: this.price, volume: 5, vwap: this.price, trades: 3, buyVolume: 2, sellVolume: 3, source: 'backfill' });
    }
    return out;
  }
  async getRecentTrades(): Promise<RestTrade[]> {
    return [];
  }
  async getBook(symbol: string): Promise<BookSnapshot> {
    return { symbol, time: this.time, bids: [], asks: [] };
  }
}

/** A writer whose metrics the test sets; pushed ticks are counted. */
export class FakeWriter implements BatchWriter {
  received = 0;
  dbState: WriterMetrics['dbState'] = 'up';
  lastError: string | null = null;
  start(): void {}
  push(ticks: readonly Tick[]): void {
    this.received += ticks.length;
  }
  async stop(): Promise<void> {}
  metrics(): WriterMetrics {
    return {
      queueDepth: 0, lagMs: 0, rowsPerSecond: 0, received: this.received, stored: this.dbState === 'up' ? this.received : 0, inserted: this.received,
      duplicates: 0, journaled: 0, deadLettered: 0, retries: 0, journalBytes: 0, journalRows: 0, dbState: this.dbState, lastError: this.lastError,
    };
  }
}
