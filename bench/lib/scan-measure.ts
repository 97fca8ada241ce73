/**
 * The two things the scan benchmark compares, over the same stored ticks:
 * - the engine: its in-memory candle state (built once, untimed, from the ticks of the
 *   lookback window, as the live collector would have built it) and a timed evaluation of
 *   all 34 pairs, both bare (strategy.evaluate per pair, as the scanner does) and through
 *   scanner.scan() (which also writes the 34 `signals` rows);
 * - the seed's view: `SELECT ... FROM candles_15m_ohlcv WHERE symbol = $1 ORDER BY time
 *   DESC LIMIT 20`, one query per pair as the old engine ran it, 34 queries per scan.
 */
import { bucketStart, timeframeMs } from '../../src/engine/core/buckets.js';
import type { Strategy } from '../../src/engine/core/strategy.js';
import type { Pair, Tick } from '../../src/engine/core/types.js';
import { createCandleService, type CandleService } from '../../src/engine/app/candle-service.js';
import { createScanner } from '../../src/engine/app/scanner.js';
import { systemClock } from '../../src/engine/ports/clock.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import type { ScanDb } from './scan-db.js';
import { spread, type Spread } from './stats.js';

const VIEW_SQL = 'SELECT time, symbol, open, high, low, close, volume, vwap FROM candles_15m_ohlcv WHERE symbol = $1 ORDER BY time DESC LIMIT 20';

/** The engine's state for a scan: candles, active pairs, last prices. */
export interface EngineState {
  readonly candles: CandleService;
  readonly pairs: readonly Pair[];
  readonly prices: ReadonlyMap<string, number>;
  /** Most candles held by a pair (strategy timeframe, closed + forming): what a scan reads. */
  readonly candlesPerPair: number;
}

/** Build the state from the lookback window's ticks, merged in time order (one candle clock). */
export async function buildEngineState(db: ScanDb, strategy: Strategy, now: number): Promise<EngineState> {
  const tf = strategy.timeframe;
  const candles = createCandleService({ store: db.store, clock: systemClock, logger: silentLogger, timeframes: ['1m', '5m', '15m', '1h', '4h', '1d'], onClosed: () => {} });
  const pairs = (await db.store.loadPairs()).filter((p) => p.isActive);
  const from = bucketStart(now, tf) - (strategy.requiredCandles + 2) * timeframeMs(tf);
  const ticks: Tick[] = [];
  for (const p of pairs) ticks.push(...(await db.store.findTicks(p.symbol, from, now)));
  ticks.sort((a, b) => a.time - b.time || a.tradeId - b.tradeId);
  const prices = new Map<string, number>();
  for (let i = 0; i < ticks.length; i += 5_000) candles.ingest(ticks.slice(i, i + 5_000));
  for (const t of ticks) prices.set(t.symbol, t.price);
  candles.tick(now);
  candles.stop();
  // The fullest pair: at 100k ticks (~4 per bucket) a pair may have an empty bucket.
  const held = pairs.map((p) => candles.closed(p.symbol, tf).length + (candles.forming(p.symbol, tf) ? 1 : 0));
  return { candles, pairs, prices, candlesPerPair: Math.max(0, ...held) };
}

/** Evaluate every pair once, exactly as scanner.ts does; returns how many were past warm-up. */
export function evaluateAll(strategy: Strategy, s: EngineState, now: number): number {
  let decided = 0;
  for (const pair of s.pairs) {
    const r = strategy.evaluate({
      pair, now, price: s.prices.get(pair.symbol) ?? 0,
      closed: s.candles.closed(pair.symbol, strategy.timeframe), forming: s.candles.forming(pair.symbol, strategy.timeframe),
      position: null, exposure: { longUsd: 0, shortUsd: 0 }, portfolioValue: 10_000,
    });
    if (!r.reason.startsWith('warming up')) decided++;
  }
  return decided;
}

/** Time `runs` bare evaluations of all pairs (after a JIT warm-up), in ms. */
export function timeEvaluate(strategy: Strategy, s: EngineState, now: number, runs: number): { ms: Spread; decidedPairs: number } {
  let decidedPairs = 0;
  for (let i = 0; i < 50; i++) decidedPairs = evaluateAll(strategy, s, now);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    evaluateAll(strategy, s, now);
    ms.push(performance.now() - t);
  }
  return { ms: spread(ms), decidedPairs };
}

/** Time `runs` full scanner.scan() calls (evaluation + the signals insert), in ms. */
export async function timeScanner(db: ScanDb, strategy: Strategy, s: EngineState, now: number, runs: number): Promise<Spread> {
  const scanner = createScanner({ strategy, candles: s.candles, store: db.store, logger: silentLogger, pairs: () => s.pairs, price: (sym) => s.prices.get(sym), now: () => now, portfolioValue: 10_000 });
  await scanner.scan();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await scanner.scan();
    ms.push(performance.now() - t);
  }
  return spread(ms);
}

/** Time `runs` view scans (34 queries each), in ms; also returns candles read per pair. */
export async function timeView(db: ScanDb, pairs: readonly Pair[], runs: number): Promise<{ ms: Spread; rowsPerPair: number }> {
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = 0;
    for (const p of pairs) rows += (await db.query(VIEW_SQL, [p.symbol])).length;
    ms.push(performance.now() - t);
  }
  return { ms: spread(ms), rowsPerPair: rows / Math.max(1, pairs.length) };
}
