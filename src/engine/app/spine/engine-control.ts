/**
 * The engine's control plane, created by the composition root before anything slow
 * happens (so the console paints before the database opens): the spine (state + events),
 * the command gateway with the trading-state commands, alerts, and a logger whose lines
 * also reach the state's log tail.
 */
import type { EngineEvent } from '../../core/spine/engine-event.js';
import type { EngineState, TradingStatus, WarmupPhase } from '../../core/spine/engine-state.js';
import type { CommandSink, StateSource } from '../../core/spine/state-source.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { createAlertRaiser, type AlertRaiser } from './alerts.js';
import { createCommandGateway, type CommandGateway } from './command-gateway.js';
import { withLogTail } from './log-tail.js';
import { createSpine, type Spine } from './spine.js';
import { registerTradingStateCommands } from './trading-state-commands.js';

export interface EngineControl {
  readonly spine: Spine;
  readonly gateway: CommandGateway;
  readonly alerts: AlertRaiser;
  /** Logs to the process's logger and to the state's log tail. */
  readonly logger: Logger;
  readonly source: StateSource;
  readonly sink: CommandSink;
  /** Announce a start-up phase (and backfill progress while backfilling). */
  phase(phase: WarmupPhase, backfill?: { readonly done: number; readonly total: number }): void;
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** Stop notifying subscribers. */
  close(): void;
}

export interface EngineControlOptions {
  readonly initial: EngineState;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Store the trading state on every change, so a restart comes back in it. */
  readonly persistTradingState?: (s: TradingStatus) => Promise<void>;
  /** Coalescing interval of state notifications (ms, default 100). */
  readonly notifyMs?: number;
}

export function createEngineControl(o: EngineControlOptions): EngineControl {
  const spine = createSpine(o.initial, o.clock, o.logger, o.notifyMs ?? 100);
  const logger = withLogTail(o.logger, spine, o.clock);
  const gateway = createCommandGateway({ spine, clock: o.clock, logger });
  registerTradingStateCommands(gateway, { spine, clock: o.clock, ...(o.persistTradingState ? { persist: o.persistTradingState } : {}) });
  const source: StateSource = { getState: spine.store.getState, subscribe: spine.store.subscribe };
  const alerts = createAlertRaiser(spine, o.clock, logger);
  // Every halt is an alert, whoever halted: risk (daily loss), the kill switch, a failed
  // recovery, or HALTED restored at start-up.
  spine.bus.on((e) => {
    if (e.type === 'trading_state.changed' && e.trading.state === 'HALTED' && e.previous.state !== 'HALTED') {
      alerts.raise('error', 'trading.halted', `trading HALTED by ${e.trading.by}: ${e.trading.reason}`);
    }
  });
  return {
    spine,
    gateway,
    alerts,
    logger,
    source,
    sink: { execute: (c, origin) => gateway.execute(c, origin) },
    phase(phase, backfill) {
      const w = spine.store.getState().warmup;
      spine.emit({ type: 'warmup.progressed', at: o.clock.now(), warmup: { ...w, phase, backfill: backfill ?? w.backfill } });
    },
    onEvent: (l) => spine.bus.on(l),
    close: () => spine.store.close(),
  };
}
