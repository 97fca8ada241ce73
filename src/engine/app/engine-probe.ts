/**
 * What tests and benchmarks read from inside a running engine that no surface needs: exact
 * readiness on the candle clock, the market clock, the candle being formed, a scan on demand.
 * Kept off the Engine interface (surfaces read the state), reached with `engineProbe(engine)`.
 * Everything it returns is a frozen copy: nothing it hands out can change the engine.
 */
import type { Candle, Timeframe } from '../core/types.js';
import type { PairReadiness } from './engine-readiness.js';
import type { Engine } from './engine-types.js';

export interface EngineProbe {
  /** Per active pair: closed candles available / required, what is missing, when ready (read now, not sampled). */
  readiness(): readonly PairReadiness[];
  /** Exchange time now (the market clock), and the latest exchange time observed. */
  marketNow(): number;
  marketObserved(): number;
  /** The candle being formed for `symbol` (a copy), null when none. */
  forming(symbol: string, timeframe: Timeframe): Readonly<Candle> | null;
  /** Run a strategy scan now. */
  scan(): Promise<void>;
}

const probes = new WeakMap<Engine, EngineProbe>();

/** Called by createEngine. */
export function registerProbe(engine: Engine, probe: EngineProbe): Engine {
  probes.set(engine, probe);
  return engine;
}

/** The probe of an engine made by createEngine. */
export function engineProbe(engine: Engine): EngineProbe {
  const p = probes.get(engine);
  if (!p) throw new Error('engineProbe: this engine was not made by createEngine');
  return p;
}
