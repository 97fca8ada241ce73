/** The per-pair slice of EngineState: prices, 15-minute change, sparkline closes, whale marker and readiness. */
import { readiness, readinessReason } from '../../core/readiness.js';
import { priceForChart, roundTo } from '../../core/spine/display-precision.js';
import { STATE_LIMITS, type PairState, type ReadinessView, type WarmupState } from '../../core/spine/engine-state.js';
import { TIMEFRAME_MS, type BookSide, type Candle, type Category, type Pair, type Timeframe } from '../../core/types.js';

export interface PairSources {
  readonly timeframe: Timeframe;
  readonly required: number;
  readonly closed: (symbol: string, tf: Timeframe) => readonly Candle[];
  readonly forming: (symbol: string, tf: Timeframe) => Candle | undefined;
  /** Exchange time as observed (null before the first message). */
  readonly marketTime: () => number | null;
  readonly lastPrice: (symbol: string) => number | undefined;
  readonly markPrice: (symbol: string) => number | undefined;
  /** Side of an active whale wall per symbol (read once per sample, not once per pair). */
  readonly activeWalls: () => ReadonlyMap<string, BookSide>;
}

const CATEGORY_ORDER: readonly Category[] = ['major', 'mid-cap', 'emerging', 'small-cap'];
const FIFTEEN_MIN = 15 * 60_000;
const REFERENCE_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];

function byCategory(a: Pair, b: Pair): number {
  return CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.symbol.localeCompare(b.symbol);
}

/**
 * Last price against the price 15 minutes ago: the close of the latest candle that had closed
 * by then, from the finest timeframe that has one (1m live; after a restart or backfill only
 * 15m candles may exist for that time).
 */
function change15m(src: PairSources, symbol: string, last: number | undefined, now: number | null): number | null {
  if (last === undefined || now === null) return null;
  const then = now - FIFTEEN_MIN;
  for (const tf of REFERENCE_TIMEFRAMES) {
    const ms = TIMEFRAME_MS[tf];
    const candles = src.closed(symbol, tf);
    for (let i = candles.length - 1; i >= 0; i--) {
      const c = candles[i];
      if (c !== undefined && c.time + ms <= then) {
        // To 0.0001% (the screen shows 0.01%): a change below that is not a patch.
        if (c.time + ms > then - ms) return c.close > 0 ? roundTo((last - c.close) / c.close, 6) : null;
        break;
      }
    }
  }
  return null;
}

function readinessView(src: PairSources, closed: readonly Candle[], now: number | null): ReadinessView {
  if (now === null) return { available: 0, required: src.required, ready: false, missing: 'no market data yet', readyAt: null };
  const r = readiness(closed, src.timeframe, src.required, now);
  return { available: r.available, required: r.required, ready: r.ready, missing: readinessReason(r) ?? '', readyAt: r.ready ? null : r.readyAt };
}

function pairState(src: PairSources, p: Pair, prev: PairState | undefined, now: number | null, walls: ReadonlyMap<string, BookSide>): PairState {
  const closed = src.closed(p.symbol, src.timeframe);
  const forming = src.forming(p.symbol, src.timeframe);
  const closes = [...closed.slice(-STATE_LIMITS.closes).map((c) => c.close), ...(forming ? [forming.close] : [])].slice(-STATE_LIMITS.closes).map(priceForChart);
  const last = src.lastPrice(p.symbol);
  return {
    symbol: p.symbol,
    category: p.category,
    lastPrice: last ?? null,
    markPrice: src.markPrice(p.symbol) ?? null,
    change15m: change15m(src, p.symbol, last, now),
    closes,
    whale: walls.get(p.symbol) ?? null,
    readiness: readinessView(src, closed, now),
    signal: prev?.signal ?? null,
    signalHistory: prev?.signalHistory ?? [],
  };
}

export function samplePairs(prev: readonly PairState[], pairs: readonly Pair[], src: PairSources): PairState[] {
  const now = src.marketTime();
  const old = new Map(prev.map((p) => [p.symbol, p]));
  const walls = src.activeWalls();
  return pairs.filter((p) => p.isActive).sort(byCategory).map((p) => pairState(src, p, old.get(p.symbol), now, walls));
}

export function warmupCounts(pairs: readonly PairState[]): Pick<WarmupState, 'ready' | 'total' | 'eta'> {
  const waiting = pairs.filter((p) => !p.readiness.ready);
  const eta = waiting.length === 0 ? null : Math.max(...waiting.map((p) => p.readiness.readyAt ?? 0));
  return { ready: pairs.length - waiting.length, total: pairs.length, eta };
}
