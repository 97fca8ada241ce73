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
import type { CommandContext } from './context.js';
import { appVersion } from './version.js';

/** Loopback venues are simulators (Pacifica is never on loopback): their data goes to the sim database. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

export function runtimeVenue(ctx: CommandContext): Venue {
  return ctx.args.sim || isLoopback(ctx.config.pacifica.wsUrl) ? 'simulator' : 'pacifica';
}

/**
 * The control plane (state, events, commands) before anything slow happens, so a console
 * can paint the start-up phases while the database opens.
 */
export function createRuntimeControl(ctx: CommandContext): EngineControl {
  const { config } = ctx;
  const now = systemClock.now();
  const strategyTimeframe = createVwmStrategy(vwmParamsFromConfig(config), config.strategy.id).timeframe;
  const initial = initialEngineState({
    venue: runtimeVenue(ctx), mode: 'paper', startedAt: now, version: appVersion(), pid: process.pid, timeframe: strategyTimeframe,
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
