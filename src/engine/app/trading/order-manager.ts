/**
 * The order manager: every order (strategy intent, operator, kill switch) passes the
 * trading-state gate and, for entries, risk; it is recorded `pending` with its
 * client_order_id BEFORE it is sent, so a crash can never duplicate it; every transition
 * is persisted and published as `order.updated`; fills move positions per
 * (strategy, symbol) and are published as `position.changed` and an alert. Each order goes
 * to the broker of its mode: an entry to the current mode's, an exit (strategy, operator or
 * kill switch) to the mode of the position it closes, so live positions left open after a
 * switch back to paper are still closed live.
 */
import { errorMessage } from '../../core/error-message.js';
import { isRetryable } from '../../core/errors.js';
import type { OrderView, TradingMode } from '../../core/spine/engine-state.js';
import { gateOrder, type OrderPurpose } from '../../core/trading/gate.js';
import { applyFillReport, fillDelta, isTerminal, moveOrder, canMove } from '../../core/trading/order-state.js';
import type { Exchange, VenueOrder } from '../../ports/exchange.js';
import type { TradingDeps } from './trading-deps.js';
import type { PositionKeeper } from './position-keeper.js';
import { checkRisk } from './risk-context.js';
import { createSerial } from '../../core/serial.js';

export interface SubmitRequest {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly amount: number;
  readonly price: number | null;
  readonly reduceOnly: boolean;
  readonly purpose: OrderPurpose;
  /** In words: "entry long: ...", "stop loss", "kill switch". */
  readonly reason: string;
  readonly strategyId?: string;
  readonly stopLoss?: number | null;
  readonly takeProfit?: number | null;
  /**
   * Send only once the pending record is stored (default). The kill switch sends at once,
   * even while the database is slow or down (its records are queued in order).
   */
  readonly durable?: boolean;
  /**
   * The mode of the broker it goes to. Default: the current mode for entries; for other
   * orders the mode of the (strategy, symbol) position they act on.
   */
  readonly mode?: TradingMode;
}

/** The broker of a mode, or null when none is connected for it. */
export type BrokerOf = (mode: TradingMode) => Exchange | null;

export interface OrderManager {
  readonly mode: () => TradingMode;
  submit(req: SubmitRequest): Promise<OrderView>;
  /** Ask the venue about an order whose outcome is unknown; returns its view after. */
  resolve(clientOrderId: string): Promise<OrderView | null>;
  /** Apply what the venue says about one of our orders (idempotent: cumulative figures). */
  applyVenueOrder(v: VenueOrder): void;
  /** Orders not terminal. */
  open(): OrderView[];
  order(clientOrderId: string): OrderView | undefined;
  /** Symbols with an order in flight (an intent for them waits). */
  busy(symbol: string): boolean;
  /** Re-send nothing; resolve every order recorded but not known terminal (start-up). */
  recover(recorded: readonly OrderView[]): Promise<{ resolved: number; rejected: number }>;
}

export function createOrderManager(deps: TradingDeps, keeper: PositionKeeper, brokerOf: BrokerOf): OrderManager {
  const orders = new Map<string, OrderView>();
  const fees = new Map<string, number>();
  const stops = new Map<string, { stopLoss: number | null; takeProfit: number | null }>();
  const modeOf = (req: SubmitRequest): TradingMode => {
    if (req.mode) return req.mode;
    if (req.purpose === 'entry') return deps.broker.mode;
    return keeper.find(req.strategyId ?? deps.strategyId, req.symbol)?.mode ?? deps.broker.mode;
  };

  const persist = (o: OrderView): Promise<boolean> => deps.queue.write({ kind: 'order', order: o });
  const publish = (o: OrderView): OrderView => {
    orders.set(o.clientOrderId, o);
    deps.spine.emit({ type: 'order.updated', at: deps.clock.now(), order: o });
    return o;
  };
  const transition = (o: OrderView, status: OrderView['status'], reason?: string | null): OrderView => {
    const next = moveOrder(o, status, deps.clock.now(), reason);
    void persist(next);
    return publish(next);
  };
  const refuse = (req: SubmitRequest, reason: string): OrderView => {
    deps.logger.warn('order.refused', { symbol: req.symbol, side: req.side, purpose: req.purpose, reason });
    const at = deps.clock.now();
    return publish({ ...viewOf(req, `refused-${at}-${req.symbol}`, at), status: 'rejected', reason });
  };
  const viewOf = (req: SubmitRequest, id: string, at: number): OrderView => ({
    clientOrderId: id, venueOrderId: null, strategyId: req.strategyId ?? deps.strategyId, symbol: req.symbol, side: req.side, type: req.type,
    amount: req.amount, filled: 0, price: req.price, avgFillPrice: null, reduceOnly: req.reduceOnly, status: 'pending', mode: modeOf(req),
    reason: req.reason, createdAt: at, updatedAt: at,
  });

  const applyVenueOrder = (v: VenueOrder): void => {
    let o = orders.get(v.clientOrderId);
    if (!o) return;
    if (v.venueOrderId && o.venueOrderId !== v.venueOrderId) o = { ...o, venueOrderId: v.venueOrderId };
    const delta = v.avgFillPrice !== null ? fillDelta(o, v.filled, v.avgFillPrice) : null;
    if (delta && v.avgFillPrice !== null) {
      const fee = Math.max(0, v.fee - (fees.get(o.clientOrderId) ?? 0));
      fees.set(o.clientOrderId, v.fee);
      let filledView = applyFillReport(o.status === 'pending' ? moveOrder(o, 'submitted', deps.clock.now()) : o, v.filled, v.avgFillPrice, deps.clock.now());
      if (v.status !== filledView.status && canMove(filledView.status, v.status)) filledView = moveOrder(filledView, v.status, deps.clock.now(), v.reason ?? filledView.reason);
      const moved = keeper.fill(filledView, delta.amount, delta.price, fee, stops.get(o.clientOrderId));
      void deps.queue.write({ kind: 'fill', order: filledView, position: moved.position, closed: moved.closed });
      publish(filledView);
      keeper.announce(moved);
      deps.alerts.raise('info', 'order.filled', `${o.side} ${delta.amount} ${o.symbol} @ ${delta.price.toPrecision(6)} (${o.reason ?? o.type})`);
      return;
    }
    if (v.status !== o.status && canMove(o.status, v.status)) transition(o, v.status, v.reason ?? o.reason);
    else if (o !== orders.get(v.clientOrderId)) publish(o);
  };

  const resolve = async (id: string): Promise<OrderView | null> => {
    const o = orders.get(id);
    if (!o) return null;
    const broker = brokerOf(o.mode);
    if (!broker) {
      deps.logger.warn('order.resolve_failed', { clientOrderId: id, error: `no ${o.mode} broker connected` });
      return o;
    }
    try {
      const v = await broker.getOrder(id, o.symbol);
      if (v) applyVenueOrder(v);
      else if (o.status === 'pending' || o.status === 'submitted') transition(o, 'rejected', 'never reached the venue');
      else if (!isTerminal(o.status)) transition(o, 'cancelled', 'no longer at the venue');
    } catch (err) {
      deps.logger.warn('order.resolve_failed', { clientOrderId: id, error: errorMessage(err) });
    }
    return orders.get(id) ?? null;
  };

  const send = async (o: OrderView, req: SubmitRequest): Promise<OrderView> => {
    const broker = brokerOf(o.mode);
    if (!broker) return transition(o, 'rejected', `no ${o.mode} broker connected: the ${o.mode} venue is unavailable`);
    const sent = transition(o, 'submitted');
    try {
      applyVenueOrder(await broker.placeOrder({ clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, amount: o.amount, price: o.price, reduceOnly: o.reduceOnly }));
    } catch (err) {
      if (!isRetryable(err)) return transition(orders.get(o.clientOrderId) ?? sent, 'rejected', `venue refused: ${errorMessage(err)}`);
      // Unknown outcome: ask the venue by client_order_id before anything else.
      deps.logger.warn('order.outcome_unknown', { clientOrderId: o.clientOrderId, symbol: o.symbol, purpose: req.purpose, error: errorMessage(err) });
      await resolve(o.clientOrderId);
    }
    return orders.get(o.clientOrderId) ?? sent;
  };

  /**
   * Risk and registration of an entry happen one entry at a time, and entries in flight
   * count as open, so concurrent signals cannot together exceed a limit each one respects.
   */
  const entries = createSerial();
  const admit = (req: SubmitRequest): Promise<OrderView | string> => {
    const create = (): OrderView => {
      const v = viewOf(req, deps.ids(), deps.clock.now());
      orders.set(v.clientOrderId, v);
      return v;
    };
    if (req.purpose !== 'entry') return Promise.resolve(create());
    // One position per (strategy, symbol) across modes: the strategy sees one position per symbol.
    const other = keeper.find(req.strategyId ?? deps.strategyId, req.symbol);
    const mode = modeOf(req);
    if (other && other.mode !== mode) return Promise.resolve(`MODE.OTHER_POSITION: ${req.symbol} still has a ${other.mode} position open; a ${mode} entry waits until it is closed`);
    return entries.run(async () => {
      const inFlight = [...orders.values()].filter((o) => !isTerminal(o.status) && !o.reduceOnly && o.mode === mode && keeper.forSymbol(o.symbol, mode).length === 0);
      const risk = await checkRisk(deps, keeper, req, inFlight);
      return risk ?? create();
    });
  };

  return {
    mode: () => deps.broker.mode,
    async submit(req) {
      const gate = gateOrder(deps.spine.store.getState().run.trading.state, req.purpose, req.reduceOnly);
      if (gate) return refuse(req, gate);
      if (!(req.amount > 0)) return refuse(req, `amount must be > 0, got ${req.amount}`);
      const pending = await admit(req);
      if (typeof pending === 'string') return refuse(req, pending);
      if (req.stopLoss !== undefined || req.takeProfit !== undefined) stops.set(pending.clientOrderId, { stopLoss: req.stopLoss ?? null, takeProfit: req.takeProfit ?? null });
      const recorded = persist(pending);
      publish(pending);
      // The kill switch does not wait for the database (its exits are reduce-only, so a record
      // that lands late can never turn into a duplicate position); everything else does.
      if (req.durable === false) return send(pending, req);
      if (!(await recorded)) return transition(pending, 'rejected', 'database unavailable: the order could not be recorded, so it was not sent');
      // The state may have changed while the record was written (the kill switch went HALTED).
      const late = gateOrder(deps.spine.store.getState().run.trading.state, req.purpose, req.reduceOnly);
      if (late) return transition(pending, 'rejected', late);
      return send(pending, req);
    },
    resolve,
    applyVenueOrder,
    open: () => [...orders.values()].filter((o) => !isTerminal(o.status)),
    order: (id) => orders.get(id),
    busy: (symbol) => [...orders.values()].some((o) => o.symbol === symbol && !isTerminal(o.status) && o.type === 'market'),
    async recover(recorded) {
      let rejected = 0;
      for (const o of recorded) {
        orders.set(o.clientOrderId, o);
        const after = await resolve(o.clientOrderId);
        if (after?.status === 'rejected') rejected++;
      }
      return { resolved: recorded.length, rejected };
    },
  };
}
