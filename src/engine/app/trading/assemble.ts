/** Build the trading dependencies around an engine control plane (composition roots, CLI, bench, tests). */
import { randomUUID } from 'node:crypto';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../core/trading/risk.js';
import type { Pair } from '../../core/types.js';
import type { Clock } from '../../ports/clock.js';
import type { Exchange } from '../../ports/exchange.js';
import type { TradingStore } from '../../ports/trading-store.js';
import { errorMessage } from '../../core/error-message.js';
import type { EngineControl } from '../spine/engine-control.js';
import { setTradingState } from '../spine/trading-state-commands.js';
import type { TradingDeps } from './trading-deps.js';
import type { TradingSpill, TradingWrite } from '../../ports/trading-spill.js';
import { createWriteQueue } from './write-queue.js';

export interface AssembleInput {
  readonly control: EngineControl;
  readonly clock: Clock;
  readonly broker: Exchange;
  readonly store: TradingStore | null;
  readonly strategyId: string;
  readonly mark: (symbol: string) => number | undefined;
  readonly pair?: (symbol: string) => Pair | undefined;
  readonly limits?: RiskLimits;
  readonly ids?: () => string;
  /** Where trading writes still queued at a stop are kept for the next start. */
  readonly spill?: TradingSpill;
}

/** Apply one trading write to the store (nothing without one). */
export function applyTradingWrite(store: TradingStore | null, w: TradingWrite): Promise<void> {
  if (!store) return Promise.resolve();
  switch (w.kind) {
    case 'order': return store.saveOrder(w.order);
    case 'fill': return store.saveFill(w.order, w.position, w.closed);
    case 'position': return store.savePosition(w.position);
    case 'state': return store.saveTradingState(w.status, w.mode);
  }
}

export function assembleTradingDeps(i: AssembleInput): TradingDeps {
  const { control, clock, broker, store } = i;
  const logger = control.logger;
  const queue = createWriteQueue<TradingWrite>(clock, (w) => applyTradingWrite(store, w), (err, queued) => logger.warn('trading.writes_queued', { queued, error: errorMessage(err) }));
  return {
    spine: control.spine, clock, logger, alerts: control.alerts, broker, store, queue, ...(i.spill ? { spill: i.spill } : {}),
    ids: i.ids ?? randomUUID, strategyId: i.strategyId, limits: i.limits ?? DEFAULT_RISK_LIMITS, mark: i.mark, pair: i.pair ?? (() => undefined),
    async setTradingState(state, reason, by) {
      // Queued in order, not awaited: HALTED takes effect at once, even with the database slow or down.
      const persist = async (s: Parameters<TradingStore['saveTradingState']>[0]): Promise<void> => void queue.write({ kind: 'state', status: s, mode: broker.mode });
      await setTradingState({ spine: control.spine, clock, persist }, state, reason, by);
    },
  };
}
