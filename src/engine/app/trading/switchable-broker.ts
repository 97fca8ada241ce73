/**
 * The broker the order manager talks to, switchable between paper and live at runtime
 * (`mode.set`). Order updates, and positions and account figures where the broker pushes
 * them, are forwarded from whichever broker is current.
 */
import type { Exchange, VenueAccount, VenueOrder, VenuePosition } from '../../ports/exchange.js';

export interface SwitchableBroker extends Exchange {
  current(): Exchange;
  switchTo(next: Exchange): void;
}

/** Listeners that stay registered here while the broker behind them changes. */
function relay<T>() {
  const listeners = new Set<(v: T) => void>();
  return {
    forward: (v: T): void => listeners.forEach((l) => l(v)),
    add(l: (v: T) => void): () => void {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

export function createSwitchableBroker(initial: Exchange): SwitchableBroker {
  let target = initial;
  const orders = relay<VenueOrder>();
  const positions = relay<readonly VenuePosition[]>();
  const account = relay<VenueAccount>();
  const attach = (b: Exchange): (() => void) => {
    const offs = [b.onOrderUpdate(orders.forward), b.onPositions?.(positions.forward), b.onAccount?.(account.forward)];
    return () => offs.forEach((off) => off?.());
  };
  let off = attach(target);
  return {
    get mode() {
      return target.mode;
    },
    current: () => target,
    switchTo(next) {
      off();
      target = next;
      off = attach(target);
    },
    placeOrder: (o) => target.placeOrder(o),
    getOrder: (id, s) => target.getOrder(id, s),
    cancelOrder: (s, id) => target.cancelOrder(s, id),
    cancelAll: () => target.cancelAll(),
    openOrders: () => target.openOrders(),
    positions: () => target.positions(),
    account: () => target.account(),
    onOrderUpdate: orders.add,
    onPositions: positions.add,
    onAccount: account.add,
  };
}
