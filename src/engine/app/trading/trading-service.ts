/**
 * Trading wired into the engine: start-up recovery (trading state, positions, orders
 * whose outcome is unknown, reconciliation with the venue), strategy intents to orders,
 * the spine's `positions.flatten` (kill switch) and `mode.set` handlers, and the timers
 * that mark positions, read the account and accrue paper funding.
 */
import { accepted, refused } from '../../core/spine/command.js';
import type { FlattenProgress } from '../../core/spine/engine-state.js';
import type { Exposure, OrderIntent, StrategyPosition } from '../../core/strategy.js';
import type { FundingPayment, VenuePosition } from '../../ports/exchange.js';
import type { CommandGateway } from '../spine/command-gateway.js';
import { errorMessage } from '../../core/error-message.js';
import { within } from '../within.js';
import type { ScanEntry } from '../scanner.js';
import { flattenAll, type KillSwitchOptions } from './kill-switch.js';
import { switchMode, type ModeSources } from './mode-switch.js';
import { createOrderManager, type BrokerOf, type OrderManager } from './order-manager.js';
import { createPositionKeeper, type PositionKeeper } from './position-keeper.js';
import { modesInUse, reconcileBooks, restoreBooks } from './reconcile.js';
import { onLot, riskVerdict } from './risk-context.js';
import { gateOrder } from '../../core/trading/gate.js';
import { keepUnsaved, replayKept, storeKnownDown } from './kept-writes.js';
import type { TradingDeps } from './trading-deps.js';

export interface TradingOptions {
  /** Why live trading cannot start now (missing keys, no live broker), or null when it can. */
  readonly liveUnavailable: () => string;
  /** Paper funding: one interval at these rates (absent for venues that pay funding themselves). */
  readonly accrueFunding?: () => Promise<FundingPayment[]>;
  /** Wall ms between funding accruals (the venue's hour divided by the market speed). */
  readonly fundingIntervalMs?: number;
  readonly killSwitch?: KillSwitchOptions;
  /** How often positions are compared with the venue (ms, default 60 s). */
  readonly reconcileEveryMs?: number;
  /** Pushed positions are compared with the book this long after a push (ms, default 1 s). */
  readonly pushSettleMs?: number;
  /** How often the live account is read (ms, default 15 s; paper: every second). */
  readonly liveAccountEveryMs?: number;
  /** Paper and live brokers behind `deps.broker` (which must be `modes.broker`); absent = paper only. */
  readonly modes?: ModeSources;
}

export interface Trading {
  readonly orders: OrderManager;
  readonly positions: PositionKeeper;
  /** Recover, reconcile and start the timers. */
  start(): Promise<void>;
  stop(): Promise<void>;
  flatten(by: string): Promise<FlattenProgress>;
  onEvaluation(e: ScanEntry): void;
  position(symbol: string): StrategyPosition | null;
  exposure(): Exposure;
  /** Why this intent would not be traded now (trading state, risk), else null: the scanner writes it to `signals`. */
  vet(intent: OrderIntent): string | null;
  register(gateway: CommandGateway): void;
}

/** How long a stop waits for orders in flight, and then for their writes. */
const STOP_WAIT_MS = 5_000;

export function createTrading(deps: TradingDeps, o: TradingOptions): Trading {
  const keeper = createPositionKeeper(deps);
  const brokerOf: BrokerOf = (m) => (o.modes ? o.modes.broker.of(m) : m === deps.broker.mode ? deps.broker : null);
  const om = createOrderManager(deps, keeper, brokerOf);
  const stops: (() => void)[] = [];
  let flattening: Promise<FlattenProgress> | null = null;
  /** Symbols whose intent is being turned into an order (one at a time per symbol), and the work. */
  const acting = new Map<string, Promise<void>>();
  let stopping = false;

  const every = (ms: number, fn: () => Promise<unknown> | void): void => {
    let cancel = (): void => {};
    const tick = (): void => {
      cancel = deps.clock.setTimer(ms, () => void Promise.resolve(fn()).catch((err: unknown) => deps.logger.warn('trading.timer_failed', { error: errorMessage(err) })).finally(tick));
    };
    tick();
    stops.push(() => cancel());
  };

  const restore = async (): Promise<void> => {
    const saved = await deps.store?.loadTradingState();
    const now = deps.spine.store.getState().run.trading;
    const at = deps.clock.now();
    // Nothing saved (a fresh database): RESTORING ends in ACTIVE.
    const next = saved ? { ...saved, reason: `${saved.reason} (restored at start-up)` } : now.state === 'RESTORING' ? { state: 'ACTIVE' as const, since: at, reason: 'started', by: 'start-up' } : null;
    if (next && next.state !== now.state) deps.spine.emit({ type: 'trading_state.changed', at, trading: next, previous: now });
    await restoreBooks(deps, om, keeper, brokerOf, o.modes);
  };
  const reconcile = (): Promise<void> => reconcileBooks(deps, om, keeper, brokerOf);

  /**
   * Positions the current mode's venue pushed, looked at a moment later (the fill that moved
   * them may still be on its way to the order manager), leaving out symbols with orders not
   * yet final. A push can be older than the book, or list only what changed, so when it
   * disagrees with the book the venue's REST answer decides what is adopted or alerted; the
   * same mismatch is alerted once, not on every push.
   */
  let pushedList: readonly VenuePosition[] = [];
  let settling: (() => void) | null = null;
  let lastMissing = '';
  const comparePushed = async (): Promise<void> => {
    const mode = deps.broker.mode;
    const busy = (s: string): boolean => om.open().some((x) => x.symbol === s);
    const held = (s: string): boolean => keeper.inMode(mode).some((p) => p.symbol === s);
    const disagree = pushedList.some((v) => !busy(v.symbol) && !held(v.symbol)) || keeper.inMode(mode).some((p) => !busy(p.symbol) && !pushedList.some((v) => v.symbol === p.symbol));
    if (!disagree) return;
    const venue = await deps.broker.positions();
    if (flattening || stopping) return;
    const adopted = keeper.adopt(venue.filter((v) => !busy(v.symbol)), mode);
    if (adopted.length > 0) deps.alerts.raise('warn', 'reconcile.external', `adopted ${adopted.length} ${mode} position(s) not opened here: ${adopted.map((p) => p.symbol).join(', ')}`);
    const missing = keeper.inMode(mode).filter((p) => !busy(p.symbol) && !venue.some((v) => v.symbol === p.symbol)).map((p) => p.symbol).join(', ');
    if (missing && missing !== lastMissing) deps.alerts.raise('error', 'reconcile.mismatch', `database has ${mode} positions the venue does not: ${missing}`);
    lastMissing = missing;
  };
  const pushed = (list: readonly VenuePosition[]): void => {
    pushedList = list;
    settling ??= deps.clock.setTimer(o.pushSettleMs ?? 1_000, () => {
      settling = null;
      if (flattening || stopping) return;
      comparePushed().catch((err: unknown) => deps.logger.warn('reconcile.push_check_failed', { error: errorMessage(err) }));
    });
  };

  const act = async (intent: OrderIntent, reason: string): Promise<void> => {
    const amount = onLot(deps, intent.symbol, intent.size);
    if (intent.type === 'open') {
      await om.submit({ symbol: intent.symbol, side: intent.side === 'long' ? 'buy' : 'sell', type: 'market', amount, price: null, reduceOnly: false, purpose: 'entry', reason: `entry ${intent.side}: ${reason}`, stopLoss: intent.stopLoss, takeProfit: intent.takeProfit });
    } else {
      // The exit goes to the venue of the position's mode (live positions left open after a switch to paper close live).
      const mode = keeper.find(deps.strategyId, intent.symbol)?.mode ?? deps.broker.mode;
      await om.submit({ symbol: intent.symbol, side: intent.side === 'long' ? 'sell' : 'buy', type: 'market', amount, price: null, reduceOnly: true, purpose: 'exit', reason: `exit: ${reason}`, mode });
    }
  };

  const trading: Trading = {
    orders: om,
    positions: keeper,
    async start() {
      // What the last stop kept (database down) is stored before the books are read back.
      await replayKept(deps);
      try {
        await restore();
        await reconcile();
      } catch (err) {
        // Unknown state is never traded on: HALTED until someone looks.
        await deps.setTradingState('HALTED', `start-up recovery failed: ${errorMessage(err)}`, 'start-up').catch(() => {});
        deps.alerts.raise('error', 'trading.recovery_failed', `trading HALTED: recovery failed (${errorMessage(err)})`);
      }
      stops.push(deps.broker.onOrderUpdate((v) => om.applyVenueOrder(v)));
      stops.push(deps.broker.onPositions?.(pushed) ?? (() => {}), () => settling?.());
      stops.push(deps.broker.onAccount?.((a) => void keeper.applyAccount(a)) ?? (() => {}));
      await keeper.refreshAccount();
      every(1_000, () => keeper.refreshMarks());
      // The venue's budget is 100 credits a minute for an unidentified IP (pacifica-api.md §2.2):
      // reading the live account every second would spend most of it.
      let lastAccount = deps.clock.now();
      every(1_000, async () => {
        const due = deps.broker.mode === 'live' ? (o.liveAccountEveryMs ?? 15_000) : 1_000;
        if (deps.clock.now() - lastAccount < due) return;
        lastAccount = deps.clock.now();
        await keeper.refreshAccount();
      });
      // The database and the venue are compared again and again; a disagreement is an alert.
      every(o.reconcileEveryMs ?? 60_000, async () => {
        if (!flattening) await reconcile();
      });
      if (o.accrueFunding && o.fundingIntervalMs) every(o.fundingIntervalMs, async () => void (await o.accrueFunding?.()));
    },
    async stop() {
      // No new orders; those already on their way finish (a fill is persisted before the
      // database closes), then the writes drain and nothing is left retrying.
      stopping = true;
      for (const s of stops.splice(0)) s();
      const inFlight = Promise.allSettled([...acting.values(), flattening ?? Promise.resolve()]);
      await within(deps.clock, STOP_WAIT_MS, 'orders in flight at stop', inFlight, 'APP.STOPPED').catch((err: unknown) =>
        deps.logger.warn('trading.stop_deadline', { error: errorMessage(err), note: 'orders still in flight are resolved with the venue at the next start' }));
      // With the database known to be down, waiting cannot store them: they are kept at once.
      if (!storeKnownDown(deps)) await deps.queue.drain(STOP_WAIT_MS);
      keepUnsaved(deps, deps.queue.stop());
    },
    flatten(by) {
      const brokers = modesInUse(deps, om, keeper).map((mode) => ({ mode, broker: brokerOf(mode) }));
      flattening ??= flattenAll(deps, om, keeper, by, o.killSwitch, brokers).finally(() => (flattening = null));
      return flattening;
    },
    onEvaluation(e) {
      const intent = e.result.orderIntent;
      if (!intent || stopping || acting.has(e.symbol) || om.busy(e.symbol) || flattening) return;
      const work = act(intent, e.result.reason)
        .catch((err: unknown) => deps.logger.error('order.intent_failed', { symbol: e.symbol, error: errorMessage(err) }))
        .finally(() => acting.delete(e.symbol));
      acting.set(e.symbol, work);
    },
    position: (s) => keeper.strategyPosition(s),
    vet(intent) {
      const entry = intent.type === 'open';
      const gate = gateOrder(deps.spine.store.getState().run.trading.state, entry ? 'entry' : 'exit', !entry);
      if (gate || !entry) return gate;
      const v = riskVerdict(deps, keeper, { symbol: intent.symbol, side: intent.side === 'long' ? 'buy' : 'sell', amount: intent.size, price: null });
      return typeof v === 'string' || v.ok ? null : `${v.code}: ${v.reason}`;
    },
    exposure: () => keeper.exposure(),
    register(gateway) {
      gateway.handle('positions.flatten', async (_c, ctx) => {
        const p = await trading.flatten(ctx.by);
        const closed = p.symbols.filter((s) => s.status === 'closed').length;
        if (p.flat) return { ...accepted(`flat: ${closed} position(s) closed, ${p.ordersCancelled} order(s) cancelled; trading HALTED`), flatten: p };
        const failed = p.symbols.filter((s) => s.status === 'failed').map((s) => `${s.symbol} (${s.detail ?? 'failed'})`);
        return refused('FLATTEN.INCOMPLETE', `NOT flat: ${failed.join(', ') || 'open orders left'}; trading HALTED`);
      });
      gateway.handle('mode.set', async (c, ctx) => {
        if (o.modes) return switchMode(deps, keeper, o.modes, c.mode, ctx.by);
        const mode = deps.broker.mode;
        if (c.mode === mode) return accepted(`already in ${mode} mode`);
        return refused('MODE.LIVE_UNAVAILABLE', `live trading refused: ${o.liveUnavailable()}`);
      });
    },
  };
  return trading;
}
