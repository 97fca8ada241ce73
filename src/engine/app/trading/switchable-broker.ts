/**
 * The broker the order manager talks to, switchable between paper and live at runtime
 * (`mode.set`). It also keeps the broker of the other mode once one was connected, so
 * positions opened in that mode are still managed after a switch (their exits, the kill
 * switch and reconciliation go to the broker of the position's mode). Order updates are
 * forwarded from every broker it keeps; pushed positions and account figures only from the
 * current one (they describe the account being traded, the one the book is compared with).
 */
import type { TradingMode } from '../../core/spine/engine-state.js';
import type { Exchange, VenueAccount, VenueOrder, VenuePosition } from '../../ports/exchange.js';

export interface SwitchableBroker extends Exchange {
  current(): Exchange;
  /** Make `next` current (and keep it for its mode). */
  switchTo(next: Exchange): void;
  /** Keep `b` for its mode without making it current (a previous one of that mode is dropped). */
  attach(b: Exchange): void;
  /** The broker kept for `mode` (paper: always; live: once connected), else null. */
  of(mode: TradingMode): Exchange | null;
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
  const kept = new Map<TradingMode, { broker: Exchange; off: () => void }>();
  const attach = (b: Exchange): void => {
    const prev = kept.get(b.mode);
    if (prev?.broker === b) return;
    prev?.off();
    kept.set(b.mode, { broker: b, off: b.onOrderUpdate(orders.forward) });
  };
  /** Pushed positions and account figures of the current broker. */
  const follow = (b: Exchange): (() => void) => {
    const offs = [b.onPositions?.(positions.forward), b.onAccount?.(account.forward)];
    return () => offs.forEach((off) => off?.());
  };
  attach(initial);
  let unfollow = follow(initial);
  return {
    get mode() {
      return target.mode;
    },
    current: () => target,
    switchTo(next) {
      attach(next);
      unfollow();
      target = next;
      unfollow = follow(next);
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
    onOrderUpdate: orders.add,
    onPositions: positions.add,
    onAccount: account.add,
  };
}
