/**
 * The broker the order manager talks to, switchable between paper and live at runtime
 * (`mode.set`). Order updates are forwarded from whichever broker is current.
 */
import type { Exchange, VenueOrder } from '../../ports/exchange.js';

export interface SwitchableBroker extends Exchange {
  current(): Exchange;
  switchTo(next: Exchange): void;
}

export function createSwitchableBroker(initial: Exchange): SwitchableBroker {
  let target = initial;
  const listeners = new Set<(o: VenueOrder) => void>();
  const forward = (o: VenueOrder): void => {
    for (const l of listeners) l(o);
  };
  let off = target.onOrderUpdate(forward);
  return {
    get mode() {
      return target.mode;
    },
    current: () => target,
    switchTo(next) {
      off();
      target = next;
      off = target.onOrderUpdate(forward);
    },
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
