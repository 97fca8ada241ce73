/**
 * The simulated venue's matching core: owns every market, runs fixed simulated-time steps
 * (so the stream for a seed never depends on timer jitter), assigns venue-wide increasing
 * history ids, appends to the ledger, updates the candle series and notifies listeners.
 */
import { buildGridBook, evolveWalls, spacingOf, touchOf, type GridBook, type Wall } from './book.js';
import { addToMinute, createSeries, type MinuteSeries } from './candles.js';
import { formatScaled } from './decimal.js';
import { generateHistory } from './history.js';
import { createLedger, type Ledger, type LedgerOptions, type LedgerTrade } from './ledger.js';
import { marketSpec, type MarketSpec } from './markets.js';
import { advancePrice, createMarketState, generateTrades, midTicks, type MarketState, type RawTrade, type Touch } from './model.js';
import { hashSeed, mulberry32, type Rng } from './prng.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Everything the engine keeps per market. */
export interface MarketRuntime {
  readonly spec: MarketSpec;
  readonly state: MarketState;
  readonly wallRng: Rng;
  walls: Wall[];
  readonly series: MinuteSeries;
  readonly spacing: number;
  paused: boolean;
}

/** Engine construction parameters (already validated). */
export interface EngineConfig {
  readonly seed: number;
  readonly startTime: number;
  readonly stepMs: number;
  /** Multiplier on each market's base trade rate. */
  readonly rateScale: number;
  /** Exact overall rate wanted (benchmarks): no bursts or regime swings in the trade rate. */
  readonly steadyRate: boolean;
  readonly symbols: readonly string[];
  readonly historyDays: number;
  /** How much of the ledger memory keeps, and the file that keeps all of it (ledger.ts). */
  readonly ledger?: LedgerOptions;
}

/** The venue core used by the WS, REST and account layers. */
export interface VenueEngine {
  readonly config: EngineConfig;
  readonly markets: ReadonlyMap<string, MarketRuntime>;
  readonly ledger: Ledger;
  /** Sim time up to which steps have run. */
  generatedUntil(): number;
  /** Run every whole step that ends at or before `simNow`; returns the number run. */
  advanceTo(simNow: number): number;
  onTrades(fn: (symbol: string, trades: readonly LedgerTrade[]) => void): void;
  onStep(fn: (stepEnd: number) => void): void;
  book(symbol: string): GridBook;
  touch(symbol: string): Touch;
  /** Record a taker fill from an account order as a venue trade (ledger, candles, stream). */
  emitTakerTrade(symbol: string, buy: boolean, priceTicks: number, lots: number, time: number): LedgerTrade;
  nextOrderId(): number;
  lastOrderId(): number;
}

function createRuntime(spec: MarketSpec, config: EngineConfig): MarketRuntime {
  const state = createMarketState(spec, mulberry32(hashSeed(config.seed, spec.symbol, 'market')));
  const baseMs = Math.floor(config.startTime / DAY) * DAY - config.historyDays * DAY;
  const series = createSeries(baseMs);
  generateHistory(state, series, Math.floor(config.startTime / MINUTE) * MINUTE, config.rateScale);
  return { spec, state, wallRng: mulberry32(hashSeed(config.seed, spec.symbol, 'walls')), walls: [], series, spacing: spacingOf(spec), paused: false };
}

/** Build the engine and its generated history. */
export function createEngine(config: EngineConfig): VenueEngine {
  const markets = new Map<string, MarketRuntime>();
  for (const symbol of config.symbols) {
    const spec = marketSpec(symbol);
    if (spec) markets.set(symbol, createRuntime(spec, config));
  }
  const ledger = createLedger(config.ledger);
  const tradeListeners: Array<(symbol: string, trades: readonly LedgerTrade[]) => void> = [];
  const stepListeners: Array<(stepEnd: number) => void> = [];
  const bookCache = new Map<string, { step: number; book: GridBook }>();
  let nextStep = 0;
  let historyId = 80_000_000;
  let orderId = 1_500_000_000;

  const record = (rt: MarketRuntime, raw: readonly RawTrade[]): LedgerTrade[] =>
    raw.map((r) => {
      const t: LedgerTrade = {
        symbol: rt.spec.symbol, h: ++historyId, time: r.time, price: formatScaled(r.priceTicks, rt.spec.tickExp),
        amount: formatScaled(r.lots, rt.spec.lotExp), side: r.buy ? 'buy' : 'sell', d: r.d, cause: r.cause, li: ++orderId,
      };
      ledger.append(t);
      addToMinute(rt.series, r.time, r.priceTicks, r.lots);
      return t;
    });

  const rate = { scale: config.rateScale, steady: config.steadyRate };
  const runStep = (k: number): void => {
    const start = config.startTime + k * config.stepMs;
    for (const rt of markets.values()) {
      const raw = generateTrades(rt.state, start, config.stepMs, rate, touchOf(midTicks(rt.state), rt.spacing), rt.spacing);
      advancePrice(rt.state, start, config.stepMs);
      rt.walls = evolveWalls(rt.walls, rt.wallRng, rt.spec, touchOf(midTicks(rt.state), rt.spacing), rt.spacing, start, config.stepMs);
      // Generated even when paused so pausing one symbol never shifts another's stream.
      if (rt.paused || raw.length === 0) continue;
      const trades = record(rt, raw);
      for (const fn of tradeListeners) fn(rt.spec.symbol, trades);
    }
    for (const fn of stepListeners) fn(start + config.stepMs);
  };

  const runtime = (symbol: string): MarketRuntime => {
    const rt = markets.get(symbol);
    if (!rt) throw new RangeError(`unknown simulator symbol ${symbol}`);
    return rt;
  };

  return {
    config, markets, ledger,
    generatedUntil: () => config.startTime + nextStep * config.stepMs,
    advanceTo(simNow) {
      let ran = 0;
      while (config.startTime + (nextStep + 1) * config.stepMs <= simNow) {
        runStep(nextStep);
        nextStep++;
        ran++;
      }
      return ran;
    },
    onTrades: (fn) => void tradeListeners.push(fn),
    onStep: (fn) => void stepListeners.push(fn),
    book(symbol) {
      const rt = runtime(symbol);
      const cached = bookCache.get(symbol);
      if (cached && cached.step === nextStep) return cached.book;
      const book = buildGridBook(rt.spec, config.seed, nextStep, midTicks(rt.state), rt.spacing, rt.walls);
      bookCache.set(symbol, { step: nextStep, book });
      return book;
    },
    touch: (symbol) => {
      const rt = runtime(symbol);
      return touchOf(midTicks(rt.state), rt.spacing);
    },
    emitTakerTrade(symbol, buy, priceTicks, lots, time) {
      const rt = runtime(symbol);
      const [trade] = record(rt, [{ time, priceTicks, lots, buy, d: buy ? 'open_long' : 'open_short', cause: 'normal' }]);
      if (!trade) throw new RangeError('emitTakerTrade recorded nothing');
      for (const fn of tradeListeners) fn(symbol, [trade]);
      return trade;
    },
    nextOrderId: () => ++orderId,
    lastOrderId: () => orderId,
  };
}
