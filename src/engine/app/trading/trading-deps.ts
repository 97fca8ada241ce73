/** What the trading services (order manager, positions, kill switch) share. */
import type { TradingStateName } from '../../core/spine/engine-state.js';
import type { RiskLimits } from '../../core/trading/risk.js';
import type { Pair } from '../../core/types.js';
import type { Clock } from '../../ports/clock.js';
import type { Exchange } from '../../ports/exchange.js';
import type { Logger } from '../../ports/logger.js';
import type { TradingStore } from '../../ports/trading-store.js';
import type { AlertRaiser } from '../spine/alerts.js';
import type { Spine } from '../spine/spine.js';
import type { TradingSpill, TradingWrite } from '../../ports/trading-spill.js';
import type { WriteQueue } from './write-queue.js';

export interface TradingDeps {
  readonly spine: Spine;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly alerts: AlertRaiser;
  readonly broker: Exchange;
  /** Null: nothing is persisted (tests, or a store without trading tables). */
  readonly store: TradingStore | null;
  readonly queue: WriteQueue<TradingWrite>;
  /** Where writes still queued at a stop are kept for the next start (absent: they are only logged). */
  readonly spill?: TradingSpill;
  /** client_order_id source (UUIDs). */
  readonly ids: () => string;
  readonly strategyId: string;
  readonly limits: RiskLimits;
  /** Mark price (else last trade) of a symbol. */
  readonly mark: (symbol: string) => number | undefined;
  readonly pair: (symbol: string) => Pair | undefined;
  /** Change the trading state (persisted, then announced). */
  readonly setTradingState: (state: TradingStateName, reason: string, by: string) => Promise<void>;
}
