/**
 * Trading for a runtime: the paper broker over the live feed (its account in the
 * database), the live Pacifica broker (signed REST, the account stream and its REST
 * cross-check) once keys and a reconciliation allow it, the order manager, positions and
 * kill switch, wired to the engine's evaluations and command gateway. Both brokers sit
 * behind one switchable broker, so live positions left open after a switch back to paper
 * are still managed live.
 */
import { createPaperBroker } from '../data/paper/paper-broker.js';
import { createLiveBroker, type LiveBroker } from '../data/pacifica/live-broker.js';
import { createSwitchableBroker } from '../engine/app/trading/switchable-broker.js';
import { switchMode } from '../engine/app/trading/mode-switch.js';
import type { PaperDoc } from '../data/paper/paper-doc.js';
import type { Engine } from '../engine/app/engine-types.js';
import { errorMessage } from '../engine/core/error-message.js';
import type { EngineControl } from '../engine/app/spine/engine-control.js';
import { createFileTradingSpill } from '../data/files/trading-spill.js';
import { assembleTradingDeps } from '../engine/app/trading/assemble.js';
import { createMarketCache, type MarketCache } from '../engine/app/trading/market-cache.js';
import { createTrading, type Trading } from '../engine/app/trading/trading-service.js';
import { DEFAULT_RISK_LIMITS } from '../engine/core/trading/risk.js';
import type { Config } from '../engine/app/config.js';
import type { Pair, Venue } from '../engine/core/types.js';
import type { CreditPolicy } from '../data/pacifica/credit-budget.js';
import type { Clock } from '../engine/ports/clock.js';
import type { Exchange } from '../engine/ports/exchange.js';
import type { Logger } from '../engine/ports/logger.js';
import type { AccountFeed } from '../engine/ports/market-feed.js';
import type { MarketFeed } from '../engine/ports/market-feed.js';
import type { Store } from '../engine/ports/store.js';

/** Why live trading is refused now (the key names, never their values), or null when the keys are there. */
export function liveUnavailable(config: Config): string | null {
  const p = config.pacifica;
  const missing = [p.account ? null : 'PACIFICA_ACCOUNT', p.agentWalletPrivkey ? null : 'PACIFICA_AGENT_WALLET_PRIVKEY'].filter((k) => k !== null);
  return missing.length > 0 ? `live trading needs ${missing.join(' and ')} (not set)` : null;
}

/** The account stream for a trading runtime (a one-shot `flatten --live` has none). */
export interface LiveStream {
  readonly url: string;
  readonly venue: Venue;
  readonly logger: Logger;
}

/**
 * The live broker from config, markets loaded; throws with the reason it cannot. With
 * `stream`, it follows the account (stream plus REST cross-check) until `close()`.
 */
export async function connectLive(config: Config, apiUrl: string, clock: Clock, credits?: CreditPolicy, stream?: LiveStream): Promise<LiveBroker> {
  const why = liveUnavailable(config);
  if (why) throw new Error(why);
  const p = config.pacifica;
  const broker = createLiveBroker({
    baseUrl: apiUrl, clock, credentials: { account: p.account!, secret: p.agentWalletPrivkey!, ...(p.agentWalletPubkey ? { agentWallet: p.agentWalletPubkey } : {}) },
    ...(p.apiKey ? { apiKey: p.apiKey } : {}), ...(credits ? { credits } : {}),
    ...(stream ? { stream: { url: stream.url, venue: stream.venue }, logger: stream.logger } : {}),
  });
  await broker.loadMarkets();
  if (stream) await broker.startSync();
  return broker;
}

export interface TradingRuntime {
  readonly trading: Trading;
  readonly market: MarketCache;
  /** The live account stream while a live broker is connected (for the engine state's feed). */
  accountFeed(): AccountFeed;
  close(): Promise<void>;
}

export interface ComposeTradingInput {
  readonly config: Config;
  readonly control: EngineControl;
  readonly clock: Clock;
  readonly store: Store;
  readonly feed: MarketFeed;
  readonly pairs: () => readonly Pair[];
  /** Exchange time per wall time (funding every venue hour, scaled). */
  readonly speed: number;
  /** The REST base URL in use (the in-process simulator's with --sim). */
  readonly apiUrl: string;
  /** The WebSocket URL in use (the account stream shares the venue's one endpoint). */
  readonly wsUrl: string;
  readonly venue: Venue;
  /** Where trading writes a stop could not store are kept (the data dir; its sim/ dir with --sim). */
  readonly keepDir?: string;
}

export async function composeTrading(i: ComposeTradingInput): Promise<TradingRuntime> {
  const { config, control, clock, store } = i;
  const market = createMarketCache(i.feed);
  const t = store.trading ?? null;
  const broker = createPaperBroker({
    clock, book: market.book, mark: market.mark, fees: config.paper, startingBalance: config.portfolioValue,
    persist: { load: () => t?.loadPaperState() ?? Promise.resolve(null), save: (d: PaperDoc) => t?.savePaperState(d) ?? Promise.resolve() },
    onPersistError: (err) => control.logger.warn('paper.account_queued', { error: errorMessage(err) }),
  });
  const stopTrades = market.onTrade((tick) => broker.onTrade(tick));
  const switchable = createSwitchableBroker(broker);
  // The simulator does not rate-limit unless told to; the venue's IP budget is 100 credits/60 s.
  const credits = i.venue === 'simulator' ? { capacity: 10_000, windowMs: 60_000 } : undefined;
  // One live broker at a time; it follows the account until trading leaves live mode.
  let live: LiveBroker | null = null;
  const release = async (b: Exchange): Promise<void> => {
    if (b !== live) return;
    live = null;
    await (b as LiveBroker).close();
  };
  const modes = {
    broker: switchable, paper: broker, release,
    connectLive: async () => {
      if (live) await release(live);
      live = await connectLive(config, i.apiUrl, clock, credits, { url: i.wsUrl, venue: i.venue, logger: control.logger });
      return live;
    },
  };
  const deps = assembleTradingDeps({
    control, clock, broker: switchable, store: t, strategyId: config.strategy.id, mark: market.mark,
    ...(i.keepDir !== undefined ? { spill: createFileTradingSpill(i.keepDir) } : {}),
    pair: (s) => i.pairs().find((p) => p.symbol === s),
    limits: { ...DEFAULT_RISK_LIMITS, maxPositionPct: Math.max(DEFAULT_RISK_LIMITS.maxPositionPct, config.vwm.maxPositionPct), directionCapPct: config.risk.maxDirectionExposurePct },
  });
  const trading = createTrading(deps, {
    liveUnavailable: () => liveUnavailable(config) ?? 'live broker unavailable', modes,
    accrueFunding: () => broker.accrueFunding(market.funding),
    fundingIntervalMs: 3_600_000 / i.speed,
  });
  trading.register(control.gateway);
  try {
    await broker.load();
  } catch (err) {
    await deps.setTradingState('HALTED', `paper account could not be loaded: ${errorMessage(err)}`, 'start-up');
  }
  await trading.start();
  if (!config.paperTrading) {
    // PAPER_TRADING=false: live after a successful reconciliation, else paper and the reason.
    const r = await switchMode(deps, trading.positions, modes, 'live', 'start-up (PAPER_TRADING=false)');
    if (r.status === 'refused') control.alerts.raise('error', 'mode.live_refused', `staying in paper: ${r.reason}`);
  }
  return {
    trading,
    market,
    accountFeed: () => (live ? { connections: live.connections(), malformed: live.syncCounters().malformed } : { connections: [], malformed: {} }),
    async close() {
      stopTrades();
      await trading.stop();
      if (live) await release(live);
      await broker.drain(5_000);
      broker.stop();
      market.stop();
    },
  };
}

/** Wire trading into an engine: evaluations become intents. */
export function attachTrading(engine: Engine, trading: Trading): () => void {
  return engine.onEvaluation((e) => trading.onEvaluation(e));
}
