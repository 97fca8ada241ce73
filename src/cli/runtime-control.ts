/**
 * The control plane of a runtime (state, events, commands), apart from compose-runtime.ts
 * so the console can load it and paint before the adapters (database, venue, simulator)
 * are even imported.
 */
import { createVwmStrategy } from '../engine/core/vwm.js';
import type { Venue } from '../engine/core/types.js';
import { vwmParamsFromConfig } from '../engine/app/strategy-config.js';
import { createEngineControl, type EngineControl } from '../engine/app/spine/engine-control.js';
import { initialEngineState } from '../engine/core/spine/initial-state.js';
import type { TradingStatus } from '../engine/core/spine/engine-state.js';
import { systemClock } from '../engine/ports/clock.js';
import { isNexwaveSimulator } from '../data/simulator/identity.js';
import type { CommandContext } from './context.js';
import { appVersion } from './version.js';

/** True for a loopback host (the simulator listens there; so may a tunnel or proxy to the venue). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

/**
 * Which venue this runtime trades on: the simulator with `--sim`, or when both URLs are on
 * loopback and the REST API there identifies itself as the project's simulator (a
 * separately started `nexwave sim`). Anything else is Pacifica: its live rules, its credit
 * budget, its database, even on loopback. A non-loopback venue is never asked.
 */
export async function resolveVenue(ctx: CommandContext): Promise<Venue> {
  if (ctx.args.sim) return 'simulator';
  const { wsUrl, apiUrl } = ctx.config.pacifica;
  if (!isLoopback(wsUrl) || !isLoopback(apiUrl)) return 'pacifica';
  if (await isNexwaveSimulator(apiUrl)) return 'simulator';
  ctx.logger.warn('venue.loopback_not_simulator', { apiUrl, note: 'a loopback venue that is not the Nexwave simulator: treated as Pacifica (live rules, real credit budget, the venue database)' });
  return 'pacifica';
}

/**
 * The control plane (state, events, commands) before anything slow happens, so a console
 * can paint the start-up phases while the database opens. `venue` from resolveVenue.
 */
export function createRuntimeControl(ctx: CommandContext, venue: Venue): EngineControl {
  const { config } = ctx;
  const now = systemClock.now();
  const strategyTimeframe = createVwmStrategy(vwmParamsFromConfig(config), config.strategy.id).timeframe;
  const initial = initialEngineState({
    venue, mode: 'paper', startedAt: now, version: appVersion(), pid: process.pid, timeframe: strategyTimeframe,
    storage: config.databaseUrl ? { backend: 'postgres', description: 'postgres' } : { backend: 'pglite', description: `pglite ${ctx.dataDir}` },
  });
  const sink = createTradingStateSink();
  const control = createEngineControl({ initial, clock: systemClock, logger: ctx.logger, persistTradingState: (s) => sink.persist(s) });
  sinks.set(control, sink);
  return control;
}

/** From now on, trading-state changes of `control` are written with `write` (and one made before, too). */
export async function bindTradingState(control: EngineControl, write: (s: TradingStatus) => Promise<void>): Promise<void> {
  await sinks.get(control)?.bind(write);
}

interface TradingStateSink {
  persist(s: TradingStatus): Promise<void>;
  bind(write: (s: TradingStatus) => Promise<void>): Promise<void>;
}
const sinks = new WeakMap<EngineControl, TradingStateSink>();

/**
 * The control plane exists before the database opens; trading-state changes made that
 * early (a pause key at start-up) are kept and written once the store is there.
 */
function createTradingStateSink(): TradingStateSink {
  let write: ((s: TradingStatus) => Promise<void>) | null = null;
  let early: TradingStatus | null = null;
  return {
    async persist(s) {
      if (write) await write(s);
      else early = s;
    },
    async bind(w) {
      write = w;
      const first = early;
      early = null;
      if (first) await w(first);
    },
  };
}
