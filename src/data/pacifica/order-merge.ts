/**
 * One ordered, de-duplicated flow of order updates from three sources: the account stream's
 * `account_order_updates` (status and cumulative fill, no fee), its `account_trades` (the fee
 * of each fill), and REST reads (placeOrder's answer, the cross-check poll). An update is
 * delivered only when it says something new (more filled, a later status, a higher fee), so
 * the same fill seen on the stream and over REST reaches the order manager once, and a stale
 * REST read never rolls an order back. A fill waits up to `fillWaitMs` for its trades so its
 * fee is the venue's; past that, the unknown part is estimated at the taker fee.
 */
import type { OrderStatus } from '../../engine/core/spine/engine-state.js';
import type { Clock } from '../../engine/ports/clock.js';
import type { VenueOrder } from '../../engine/ports/exchange.js';
import type { AccountFill } from './parse-account-channels.js';

const RANK: Readonly<Record<OrderStatus, number>> = { pending: 0, submitted: 0, open: 1, partially_filled: 2, filled: 3, cancelled: 3, rejected: 3, expired: 3 };
const EPS = 1e-12;
/** Orders remembered for de-duplication (oldest forgotten first). */
const REMEMBERED = 5_000;

export const isTerminalStatus = (s: OrderStatus): boolean => RANK[s] === 3;

/** True when `next` says more than `prev` (more filled, a later status, or a higher fee). */
export function isNewer(prev: VenueOrder | undefined, next: VenueOrder): boolean {
  if (!prev) return true;
  if (next.filled > prev.filled + EPS) return true;
  if (next.filled < prev.filled - EPS) return false;
  if (RANK[next.status] > RANK[prev.status]) return true;
  return RANK[next.status] === RANK[prev.status] && next.fee > prev.fee + EPS;
}

export interface OrderMerge {
  /** An update from the stream (fee unknown: taken from its trades). */
  streamed(o: VenueOrder): void;
  /** Fills from the stream. */
  filled(fills: readonly AccountFill[]): void;
  /** An order as REST reads it (fee estimated there). `announce` false: the caller applies it itself. */
  read(o: VenueOrder, announce?: boolean): void;
  /** The last state delivered or read, by client_order_id. */
  last(clientOrderId: string): VenueOrder | undefined;
  /** Client ids of orders known and not terminal (what the REST cross-check looks for). */
  open(): string[];
  /** Cancel fee waits. */
  stop(): void;
}

export function createOrderMerge(o: { clock: Clock; takerFee: () => number; fillWaitMs: number; deliver: (v: VenueOrder) => void }): OrderMerge {
  const known = new Map<string, VenueOrder>();
  const fees = new Map<string, { amount: number; fee: number }>();
  const waiting = new Map<string, { order: VenueOrder; cancel: () => void }>();

  const remember = (v: VenueOrder): void => {
    known.delete(v.clientOrderId);
    known.set(v.clientOrderId, v);
    if (known.size > REMEMBERED) known.delete(known.keys().next().value as string);
    if (isTerminalStatus(v.status) && v.venueOrderId) fees.delete(v.venueOrderId);
  };
  const offer = (v: VenueOrder, announce: boolean): void => {
    if (!isNewer(known.get(v.clientOrderId), v)) return;
    remember(v);
    if (announce) o.deliver(v);
  };
  /** The order with its fee from the trades seen; `estimate` fills the rest at the taker fee. */
  const withFee = (v: VenueOrder, estimate: boolean): VenueOrder | null => {
    const seen = (v.venueOrderId && fees.get(v.venueOrderId)) || { amount: 0, fee: 0 };
    const missing = v.filled - seen.amount;
    if (missing <= EPS) return { ...v, fee: seen.fee };
    return estimate ? { ...v, fee: seen.fee + missing * (v.avgFillPrice ?? 0) * o.takerFee() } : null;
  };
  const release = (cid: string, estimate: boolean): void => {
    const w = waiting.get(cid);
    if (!w) return;
    const v = withFee(w.order, estimate);
    if (!v) return;
    w.cancel();
    waiting.delete(cid);
    offer(v, true);
  };

  return {
    streamed(v) {
      const ready = withFee(v, false);
      if (ready) {
        waiting.get(v.clientOrderId)?.cancel();
        waiting.delete(v.clientOrderId);
        return offer(ready, true);
      }
      waiting.get(v.clientOrderId)?.cancel();
      waiting.set(v.clientOrderId, { order: v, cancel: o.clock.setTimer(o.fillWaitMs, () => release(v.clientOrderId, true)) });
    },
    filled(fills) {
      for (const f of fills) {
        const seen = fees.get(f.venueOrderId) ?? { amount: 0, fee: 0 };
        fees.delete(f.venueOrderId);
        fees.set(f.venueOrderId, { amount: seen.amount + f.amount, fee: seen.fee + f.fee });
        if (fees.size > REMEMBERED) fees.delete(fees.keys().next().value as string);
        for (const [cid, w] of [...waiting]) if (w.order.venueOrderId === f.venueOrderId) release(cid, false);
      }
    },
    read: (v, announce = true) => offer(v, announce),
    last: (cid) => known.get(cid),
    open: () => [...known.values()].filter((v) => !isTerminalStatus(v.status)).map((v) => v.clientOrderId),
    stop() {
      for (const w of waiting.values()) w.cancel();
      waiting.clear();
    },
  };
}
