/**
 * Keeps the live broker's view of the account current: order updates, fills and fees,
 * positions and account figures pushed by the account stream (account-stream.ts), cross-checked
 * by REST polls of open orders (and, for a known order no longer open, the order history) and
 * positions: slowly while the stream is live, fast while it is down, and at once each time it
 * (re)subscribes. Whatever a poll finds that the stream did not deliver is delivered too; the
 * order merge (order-merge.ts) keeps every update to one delivery.
 */
import type { Clock } from '../../engine/ports/clock.js';
import type { VenueAccount, VenueOrder, VenuePosition } from '../../engine/ports/exchange.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { ConnectionStatus } from '../../engine/ports/market-feed.js';
import { createAccountStream, type AccountStream, type AccountStreamOptions } from './account-stream.js';
import { createOrderMerge, type OrderMerge } from './order-merge.js';
import { errorMessage } from '../../engine/core/error-message.js';

/** The REST reads the cross-check uses. */
export interface AccountRest {
  openOrders(): Promise<VenueOrder[]>;
  /** The order in the history by client id (its status as listed there), or null. */
  pastOrder(clientOrderId: string): Promise<VenueOrder | null>;
  positions(): Promise<VenuePosition[]>;
}

export interface CrossCheckTiming {
  /** Poll period while the stream is live (ms). */
  readonly healthyMs: number;
  /** Poll period while it is down, or with no stream (ms). */
  readonly downMs: number;
}

/** The venue's budget is 100 credits a minute per IP (pacifica-api.md §2.2): 2 reads a poll. */
export const CROSS_CHECK_DEFAULTS: CrossCheckTiming = { healthyMs: 30_000, downMs: 5_000 };

export interface AccountSyncOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly rest: AccountRest;
  readonly takerFee: () => number;
  /** The account stream (no handlers, clock or logger: given here); null = REST polls only. */
  readonly stream: Omit<AccountStreamOptions, 'handlers' | 'clock' | 'logger'> | null;
  readonly crossCheck?: CrossCheckTiming;
  /** How long a streamed fill waits for its trades (its fee), ms. */
  readonly fillWaitMs?: number;
}

export interface AccountSync {
  readonly merge: OrderMerge;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Poll REST now (also what the timer runs). */
  crossCheck(): Promise<void>;
  onOrder(l: (o: VenueOrder) => void): () => void;
  onPositions(l: (p: readonly VenuePosition[]) => void): () => void;
  onAccount(l: (a: VenueAccount) => void): () => void;
  status(): readonly ConnectionStatus[];
  counters(): { readonly messages: number; readonly malformed: Readonly<Record<string, number>>; readonly reconnects: number; readonly crossChecks: number; readonly recoveredByRest: number };
}

const listeners = <T>() => {
  const set = new Set<(v: T) => void>();
  return { emit: (v: T) => set.forEach((l) => l(v)), add: (l: (v: T) => void) => (set.add(l), () => void set.delete(l)) };
};

export function createAccountSync(o: AccountSyncOptions): AccountSync {
  const timing = o.crossCheck ?? CROSS_CHECK_DEFAULTS;
  const orderOut = listeners<VenueOrder>();
  const positionsOut = listeners<readonly VenuePosition[]>();
  const accountOut = listeners<VenueAccount>();
  let viaRest = false;
  let recoveredByRest = 0;
  let crossChecks = 0;
  const merge = createOrderMerge({
    clock: o.clock, takerFee: o.takerFee, fillWaitMs: o.fillWaitMs ?? 250,
    deliver: (v) => {
      if (viaRest) {
        recoveredByRest += 1;
        o.logger.info('account_sync.recovered', { clientOrderId: v.clientOrderId, symbol: v.symbol, status: v.status, filled: v.filled });
      }
      orderOut.emit(v);
    },
  });
  const readRest = (v: VenueOrder): void => {
    viaRest = true;
    try {
      merge.read(v);
    } finally {
      viaRest = false;
    }
  };

  // Positions are published only once known in full (a snapshot or a REST read).
  let positions: Map<string, VenuePosition> | null = null;
  const publish = (): void => void (positions && positionsOut.emit([...positions.values()]));
  const setAll = (list: readonly VenuePosition[]): void => {
    const before = positions ? JSON.stringify([...positions.values()]) : null;
    positions = new Map(list.map((p) => [p.symbol, p]));
    if (JSON.stringify(list) !== before) publish();
  };
  const readPositions = async (): Promise<void> => setAll(await o.rest.positions());
  const pushed = (list: readonly VenuePosition[], snapshot: boolean): void => {
    if (snapshot) return setAll(list);
    // A closed position is pushed as [] without its symbol: REST says which one.
    if (list.length === 0 || !positions) return void readPositions().catch((err: unknown) => o.logger.warn('account_sync.positions_failed', { error: errorMessage(err) }));
    for (const p of list) {
      if (p.amount > 0) positions.set(p.symbol, p);
      else positions.delete(p.symbol);
    }
    publish();
  };

  let stopped = false;
  let cancelTimer = (): void => {};
  let running: Promise<void> | null = null;
  let again = false;
  let stream: AccountStream | null = null;
  const schedule = (ms: number): void => {
    cancelTimer();
    if (!stopped) cancelTimer = o.clock.setTimer(ms, () => void crossCheck());
  };
  const once = async (): Promise<void> => {
    crossChecks += 1;
    const open = await o.rest.openOrders();
    for (const v of open) readRest(v);
    const listed = new Set(open.map((v) => v.clientOrderId));
    for (const cid of merge.open()) {
      if (listed.has(cid)) continue;
      const past = await o.rest.pastOrder(cid);
      if (past) readRest(past);
    }
    await readPositions();
  };
  const crossCheck = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = once()
      .catch((err: unknown) => o.logger.warn('account_sync.cross_check_failed', { error: errorMessage(err) }))
      .finally(() => {
        running = null;
        schedule(again ? 0 : stream?.healthy() ? timing.healthyMs : timing.downMs);
        again = false;
      });
    return running;
  };

  return {
    merge,
    async start() {
      if (!o.stream) return void crossCheck();
      stream = createAccountStream({
        ...o.stream, clock: o.clock, logger: o.logger,
        handlers: {
          orders: (list) => list.forEach((v) => merge.streamed(v)),
          fills: (fills) => merge.filled(fills),
          positions: pushed,
          account: (a) => accountOut.emit(a),
          // Subscribed (again): read REST for whatever passed while it was not.
          live: () => void crossCheck(),
          down: () => schedule(timing.downMs),
        },
      });
      await stream.start();
    },
    async stop() {
      stopped = true;
      cancelTimer();
      merge.stop();
      await stream?.stop();
      await running;
    },
    crossCheck,
    onOrder: orderOut.add,
    onPositions: positionsOut.add,
    onAccount: accountOut.add,
    status: () => stream?.status() ?? [],
    counters: () => ({ ...(stream?.counters() ?? { messages: 0, malformed: {}, reconnects: 0 }), crossChecks, recoveredByRest }),
  };
}
