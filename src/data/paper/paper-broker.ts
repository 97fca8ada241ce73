/**
 * The paper venue: an Exchange that fills against the live book. Market orders wait the
 * venue's ~200 ms speed bump (Pacifica holds market orders before matching), then walk
 * the book for a volume-weighted price inside the slippage cap and pay the taker fee
 * (the shared core/trading/fills.ts model, as the backtester). Limit orders fill when a
 * trade crosses them. Funding accrues on open positions. Balance, positions and orders
 * persist as one document, so the paper account survives a restart; while the database
 * is down the newest document is queued.
 */
import { NexwaveError } from '../../engine/core/errors.js';
import { makerFee, priceCrossingLimit, priceMarketFill, type MakerTakerFees } from '../../engine/core/trading/fills.js';
import { accrueFunding, applyFill, markPosition, type BookPosition } from '../../engine/core/trading/position.js';
import type { BookSnapshot, Tick } from '../../engine/core/types.js';
import type { Clock } from '../../engine/ports/clock.js';
import type { Exchange, FundingPayment, PlaceOrderRequest, VenueOrder, VenuePosition } from '../../engine/ports/exchange.js';
import { createLatestWriter } from './latest-writer.js';
import { KEEP_FINISHED, parsePaperDoc, type PaperDoc } from './paper-doc.js';

export interface PaperBrokerOptions {
  readonly clock: Clock;
  readonly book: (symbol: string) => BookSnapshot | undefined;
  readonly mark: (symbol: string) => number | undefined;
  readonly fees: MakerTakerFees;
  /** Default cap for market orders without their own (percent). */
  readonly slippageCapPct?: number;
  /** Market-order delay (ms on the injected clock, default 200). */
  readonly delayMs?: number;
  readonly startingBalance: number;
  readonly persist?: { load(): Promise<unknown>; save(doc: PaperDoc): Promise<void> };
  readonly onPersistError?: (err: unknown) => void;
}

export interface PaperBroker extends Exchange {
  /** Load the stored account (or start one with startingBalance). */
  load(): Promise<void>;
  /** A trade printed: resting limit orders it crosses fill at their price. */
  onTrade(t: Tick): void;
  /** One funding interval at these rates; returns what was paid or received. */
  accrueFunding(rate: (symbol: string) => number | undefined): Promise<FundingPayment[]>;
  /** Wait for queued writes (true when everything is stored). */
  drain(deadlineMs: number): Promise<boolean>;
  stop(): void;
}

const TERMINAL = new Set(['filled', 'cancelled', 'rejected', 'expired']);

export function createPaperBroker(o: PaperBrokerOptions): PaperBroker {
  let balance = o.startingBalance;
  let seq = 0;
  const positions = new Map<string, BookPosition>();
  const orders = new Map<string, VenueOrder>();
  const listeners = new Set<(o: VenueOrder) => void>();
  const fundingListeners = new Set<(p: FundingPayment) => void>();
  const writer = createLatestWriter<PaperDoc>(o.clock, (d) => o.persist?.save(d) ?? Promise.resolve(), o.onPersistError ?? (() => {}));

  const doc = (): PaperDoc => {
    const all = [...orders.values()];
    const finished = all.filter((x) => TERMINAL.has(x.status)).slice(-KEEP_FINISHED);
    return { version: 1, balance, seq, positions: [...positions.values()], orders: [...all.filter((x) => !TERMINAL.has(x.status)), ...finished] };
  };
  const save = async (): Promise<void> => void (await writer.save(doc()));
  const publish = (v: VenueOrder): VenueOrder => {
    orders.delete(v.clientOrderId);
    orders.set(v.clientOrderId, v);
    for (const l of listeners) l(v);
    return v;
  };
  const referenceOf = (symbol: string): number | undefined => {
    const m = o.mark(symbol);
    if (m !== undefined && m > 0) return m;
    const b = o.book(symbol);
    const bid = b?.bids[0]?.price;
    const ask = b?.asks[0]?.price;
    return bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined;
  };

  /** Book the fill on the venue position and the balance. */
  const fill = (v: VenueOrder, amount: number, price: number, fee: number): VenueOrder => {
    const r = applyFill(positions.get(v.symbol) ?? null, { strategyId: 'venue', symbol: v.symbol, action: v.side, amount, price, fee, at: o.clock.now(), mode: 'paper' });
    if (r.position) positions.set(v.symbol, r.position);
    else positions.delete(v.symbol);
    balance += r.realized - fee;
    const filled = v.filled + amount;
    const avg = ((v.avgFillPrice ?? 0) * v.filled + price * amount) / filled;
    return { ...v, filled, avgFillPrice: avg, fee: v.fee + fee, status: filled >= v.amount - 1e-12 ? 'filled' : 'partially_filled', updatedAt: o.clock.now() };
  };

  /** Reduce-only: only against the position, never past it. Null = the amount allowed. */
  const reduceOnlyAmount = (v: Pick<VenueOrder, 'symbol' | 'side' | 'amount'>): number => {
    const p = positions.get(v.symbol);
    if (!p || (p.side === 'long') === (v.side === 'buy')) return 0;
    return Math.min(v.amount, p.amount);
  };

  const executeMarket = (v: VenueOrder, capPct: number): VenueOrder => {
    const amount = v.reduceOnly ? reduceOnlyAmount(v) : v.amount;
    if (amount <= 0) return { ...v, status: 'rejected', reason: 'reduce-only order would open or grow a position', updatedAt: o.clock.now() };
    const reference = referenceOf(v.symbol);
    if (reference === undefined) return { ...v, status: 'rejected', reason: `no price for ${v.symbol}`, updatedAt: o.clock.now() };
    const book = o.book(v.symbol);
    const levels = book ? (v.side === 'buy' ? book.asks : book.bids) : undefined;
    const priced = priceMarketFill({ action: v.side, amount, reference, model: o.fees, slippageCapPct: capPct, ...(levels ? { levels } : {}) });
    if (!priced) return { ...v, status: 'rejected', reason: `no liquidity within ${capPct}% of ${reference}`, updatedAt: o.clock.now() };
    // A reduce-only order is cut to the position (as the venue does).
    const done = fill({ ...v, amount }, priced.amount, priced.price, priced.fee);
    return done.status === 'filled' ? done : { ...done, status: 'cancelled', reason: 'rest beyond the slippage cap or the position' };
  };

  /** The part of a new limit order that crosses the book fills now, as a taker. */
  const takeOnArrival = (v: VenueOrder): VenueOrder => {
    const amount = v.reduceOnly ? reduceOnlyAmount(v) : v.amount;
    if (amount <= 0 || v.price === null) return v;
    const book = o.book(v.symbol);
    const levels = book ? (v.side === 'buy' ? book.asks : book.bids) : undefined;
    const reference = referenceOf(v.symbol);
    const priced = priceCrossingLimit({ action: v.side, amount, limit: v.price, model: o.fees, ...(levels ? { levels } : {}), ...(reference !== undefined ? { reference } : {}) });
    return priced ? fill(v, priced.amount, priced.price, priced.fee) : v;
  };

  return {
    mode: 'paper',
    async load() {
      const raw = await o.persist?.load();
      if (raw === null || raw === undefined) return;
      const d = parsePaperDoc(raw);
      balance = d.balance;
      seq = d.seq;
      for (const p of d.positions) positions.set(p.symbol, p);
      for (const x of d.orders) {
        // A market order caught mid-delay by a restart never reached the book.
        orders.set(x.clientOrderId, x.type === 'market' && !TERMINAL.has(x.status) ? { ...x, status: 'cancelled', reason: 'paper venue restarted before the fill' } : x);
      }
    },
    async placeOrder(req: PlaceOrderRequest) {
      if (!(req.amount > 0)) throw new NexwaveError('EXCHANGE.BAD_REQUEST', `amount must be > 0, got ${req.amount}`);
      if (orders.has(req.clientOrderId)) throw new NexwaveError('EXCHANGE.BAD_REQUEST', `duplicate client_order_id ${req.clientOrderId}`);
      if (req.type === 'limit' && !(req.price !== null && req.price > 0)) throw new NexwaveError('EXCHANGE.BAD_REQUEST', 'limit orders need a price > 0');
      const v = publish({
        clientOrderId: req.clientOrderId, venueOrderId: `paper-${++seq}`, symbol: req.symbol, side: req.side, type: req.type, amount: req.amount,
        price: req.price, reduceOnly: req.reduceOnly, status: 'open', filled: 0, avgFillPrice: null, fee: 0, reason: null, updatedAt: o.clock.now(),
      });
      if (req.type === 'limit') {
        const taken = takeOnArrival(v);
        if (taken !== v) publish(taken);
        await save();
        return taken;
      }
      await save();
      await o.clock.sleep(o.delayMs ?? 200);
      const out = publish(executeMarket(orders.get(v.clientOrderId) ?? v, req.slippagePct ?? o.slippageCapPct ?? 1));
      await save();
      return out;
    },
    getOrder: async (id) => orders.get(id) ?? null,
    async cancelOrder(_symbol, id) {
      const v = orders.get(id);
      if (!v) throw new NexwaveError('EXCHANGE.NOT_FOUND', `order ${id} not found`);
      if (TERMINAL.has(v.status) || v.type === 'market') return;
      publish({ ...v, status: 'cancelled', reason: 'cancelled', updatedAt: o.clock.now() });
      await save();
    },
    async cancelAll() {
      const open = [...orders.values()].filter((v) => v.type === 'limit' && !TERMINAL.has(v.status));
      for (const v of open) publish({ ...v, status: 'cancelled', reason: 'cancel all', updatedAt: o.clock.now() });
      if (open.length > 0) await save();
      return open.length;
    },
    openOrders: async () => [...orders.values()].filter((v) => !TERMINAL.has(v.status)),
    positions: async (): Promise<VenuePosition[]> =>
      [...positions.values()].map((p) => ({ symbol: p.symbol, side: p.side, amount: p.amount, entryPrice: p.entryPrice, funding: p.funding })),
    async account() {
      let unrealized = 0;
      for (const p of positions.values()) {
        const m = referenceOf(p.symbol);
        if (m !== undefined) unrealized += markPosition(p, m).unrealizedPnl;
      }
      return { balance, equity: balance + unrealized, takerFee: o.fees.takerFee };
    },
    onOrderUpdate(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    onFunding(l) {
      fundingListeners.add(l);
      return () => void fundingListeners.delete(l);
    },
    onTrade(t) {
      const crossed = [...orders.values()].filter((v) => v.symbol === t.symbol && v.type === 'limit' && !TERMINAL.has(v.status) && v.price !== null
        && (v.side === 'buy' ? t.price <= v.price : t.price >= v.price));
      for (const v of crossed) {
        const amount = (v.reduceOnly ? reduceOnlyAmount({ ...v, amount: v.amount - v.filled }) : v.amount - v.filled);
        if (amount <= 0) publish({ ...v, status: 'cancelled', reason: 'reduce-only order would open or grow a position', updatedAt: o.clock.now() });
        // Resting liquidity taken by someone else's trade: a maker fill.
        else publish(fill(v, amount, v.price!, makerFee(amount, v.price!, o.fees)));
      }
      if (crossed.length > 0) void save();
    },
    async accrueFunding(rate) {
      const paid: FundingPayment[] = [];
      for (const p of [...positions.values()]) {
        const r = rate(p.symbol);
        const m = referenceOf(p.symbol);
        if (r === undefined || m === undefined) continue;
        const f = accrueFunding(p, r, m);
        positions.set(p.symbol, f.position);
        balance += f.payment;
        paid.push({ symbol: p.symbol, rate: r, amount: f.payment, at: o.clock.now() });
      }
      if (paid.length > 0) await save();
      for (const p of paid) for (const l of fundingListeners) l(p);
      return paid;
    },
    drain: (ms) => writer.drain(ms),
    stop: () => writer.stop(),
  };
}
