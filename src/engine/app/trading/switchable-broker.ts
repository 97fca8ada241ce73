/**
 * The broker the order manager talks to, switchable between paper and live at runtime
 * (`mode.set`). It also keeps the broker of the other mode once one was connected, so
 * positions opened in that mode are still managed after a switch (their exits, the kill
 * switch and reconciliation go to the broker of the position's mode). Order updates are
 * forwarded from every broker it keeps, not only the current one.
 */
import type { TradingMode } from '../../core/spine/engine-state.js';
import type { Exchange, VenueOrder } from '../../ports/exchange.js';

export interface SwitchableBroker extends Exchange {
  current(): Exchange;
  /** Make `next` current (and keep it for its mode). */
  switchTo(next: Exchange): void;
  /** Keep `b` for its mode without making it current (a previous one of that mode is dropped). */
  attach(b: Exchange): void;
  /** The broker kept for `mode` (paper: always; live: once connected), else null. */
  of(mode: TradingMode): Exchange | null;
}

export function createSwitchableBroker(initial: Exchange): SwitchableBroker {
  let target = initial;
  const kept = new Map<TradingMode, { broker: Exchange; off: () => void }>();
  const listeners = new Set<(o: VenueOrder) => void>();
  const forward = (o: VenueOrder): void => {
    for (const l of listeners) l(o);
  };
  const attach = (b: Exchange): void => {
    const prev = kept.get(b.mode);
    if (prev?.broker === b) return;
    prev?.off();
    kept.set(b.mode, { broker: b, off: b.onOrderUpdate(forward) });
  };
  attach(initial);
  return {
    get mode() {
      return target.mode;
    },
    current: () => target,
    switchTo(next) {
      attach(next);
      target = next;
    },
    attach,
    of: (mode) => kept.get(mode)?.broker ?? null,
    placeOrder: (o) => target.placeOrder(o),
    getOrder: (id, s) => target.getOrder(id, s),
    cancelOrder: (s, id) => target.cancelOrder(s, id),
    cancelAll: () => target.cancelAll(),
    openOrders: () => target.openOrders(),
    positions: () => target.positions(),
    account: () => target.account(),
    onOrderUpdate(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}
