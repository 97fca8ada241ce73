/**
 * The kill switch (`positions.flatten`): HALTED first; cancel every open order and
 * confirm none is left; close every venue position (external ones too) with reduce-only
 * market orders in parallel; re-check until flat with bounded retries and backoff. An
 * exit whose outcome is unknown is checked with the venue by client_order_id before any
 * new exit for that symbol is sent. Progress per symbol is published as
 * `flatten.progressed`. Storage writes go through the queue, so it works with the database down.
 */
import type { FlattenProgress, FlattenSymbolStatus } from '../../core/spine/engine-state.js';
import { isTerminal } from '../../core/trading/order-state.js';
import type { VenuePosition } from '../../ports/exchange.js';
import { errorMessage } from '../error-message.js';
import type { OrderManager } from './order-manager.js';
import type { PositionKeeper } from './position-keeper.js';
import type { TradingDeps } from './trading-deps.js';

export interface KillSwitchOptions {
  /** Close attempts per symbol (default 5). */
  readonly attempts?: number;
  /** First backoff (ms, doubled per attempt; default 100). */
  readonly backoffMs?: number;
  /** Closes in flight at once (the venue's rate limit; default 40). */
  readonly parallel?: number;
}

type Row = FlattenProgress['symbols'][number];

/** Close rounds over whatever is still open. */
const ROUNDS = 3;

export async function flattenAll(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper, by: string, o: KillSwitchOptions = {}): Promise<FlattenProgress> {
  let progress: FlattenProgress = { startedAt: deps.clock.now(), finishedAt: null, by, ordersCancelled: 0, symbols: [], flat: false };
  const publish = (next: Partial<FlattenProgress>): void => {
    progress = { ...progress, ...next };
    deps.spine.emit({ type: 'flatten.progressed', at: deps.clock.now(), progress });
  };
  const setRow = (symbol: string, status: FlattenSymbolStatus, detail: string | null): void => {
    const row: Row = { symbol, status, detail };
    const known = progress.symbols.some((r) => r.symbol === symbol);
    publish({ symbols: known ? progress.symbols.map((r) => (r.symbol === symbol ? row : r)) : [...progress.symbols, row] });
  };

  if (deps.spine.store.getState().run.trading.state !== 'HALTED') await deps.setTradingState('HALTED', 'kill switch', by);
  publish({});
  deps.logger.warn('kill_switch.started', { by });
  publish({ ordersCancelled: await cancelEverything(deps, om, o) });
  let positions: VenuePosition[];
  try {
    positions = await retrying(deps, o, () => deps.broker.positions(), 'positions');
  } catch (err) {
    // Without the venue's positions nothing can be closed for sure: say which ones we know of.
    const why = `positions unreadable: ${errorMessage(err)}`;
    publish({ symbols: keeper.all().map((p) => ({ symbol: p.symbol, status: 'failed' as const, detail: why })), flat: false, finishedAt: deps.clock.now() });
    deps.alerts.raise('error', 'kill_switch', `kill switch: NOT flat (${why})`);
    return progress;
  }
  keeper.adopt(positions);
  publish({ symbols: positions.map((p) => ({ symbol: p.symbol, status: 'pending' as const, detail: null })) });
  const fresh = batchedPositions(deps);
  let left: VenuePosition[] | null = positions;
  // More rounds when positions are still there (an order in flight when HALTED landed after).
  for (let round = 0; left && left.length > 0 && round < ROUNDS; round++) {
    await inParallel(left, o.parallel ?? 40, (p) => closeSymbol(deps, om, keeper, fresh, p, o, setRow));
    left = await retrying(deps, o, () => deps.broker.positions(), 'positions').catch((err: unknown) => {
      deps.logger.error('kill_switch.positions_check_failed', { error: errorMessage(err) });
      return null;
    });
  }
  const openLeft = await deps.broker.openOrders().then((x) => x.length, (err: unknown) => {
    deps.logger.error('kill_switch.orders_check_failed', { error: errorMessage(err) });
    return -1;
  });
  if (openLeft !== 0) deps.logger.error('kill_switch.orders_left', { open: openLeft });
  const flat = left !== null && left.length === 0 && openLeft === 0;
  for (const p of left ?? []) {
    const row = progress.symbols.find((r) => r.symbol === p.symbol);
    if (row?.status !== 'failed') setRow(p.symbol, 'failed', `${p.amount} still open after ${o.attempts ?? 5} attempts`);
  }
  publish({ flat, finishedAt: deps.clock.now() });
  deps.alerts.raise(flat ? 'warn' : 'error', 'kill_switch', flat ? 'kill switch: flat, trading HALTED' : `kill switch: NOT flat (${progress.symbols.filter((r) => r.status === 'failed').map((r) => r.symbol).join(', ') || 'open orders left'})`);
  return progress;
}

async function cancelEverything(deps: TradingDeps, om: OrderManager, o: KillSwitchOptions): Promise<number> {
  let cancelled = 0;
  for (let round = 0; round < (o.attempts ?? 5); round++) {
    try {
      cancelled += await deps.broker.cancelAll();
      const open = (await deps.broker.openOrders()).filter((x) => x.type === 'limit');
      for (const v of await deps.broker.openOrders()) om.applyVenueOrder(v);
      if (open.length === 0) return cancelled;
    } catch (err) {
      deps.logger.warn('kill_switch.cancel_failed', { round, error: errorMessage(err) });
    }
    await deps.clock.sleep((o.backoffMs ?? 100) * 2 ** round);
  }
  return cancelled;
}

/**
 * Position checks of parallel closes share one request: every caller gets a fetch that
 * started after it asked (never an older answer), so a close is never judged on stale data.
 */
function batchedPositions(deps: TradingDeps): () => Promise<VenuePosition[]> {
  let next: Promise<VenuePosition[]> | null = null;
  return () => {
    next ??= deps.clock.sleep(5).then(() => {
      next = null;
      return deps.broker.positions();
    });
    return next;
  };
}

async function closeSymbol(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper, fresh: () => Promise<VenuePosition[]>, first: VenuePosition, o: KillSwitchOptions, setRow: (s: string, st: FlattenSymbolStatus, d: string | null) => void): Promise<void> {
  const attempts = o.attempts ?? 5;
  let pos: VenuePosition | null = first;
  let last: string | null = null;
  let detail = 'not attempted';
  for (let i = 0; i < attempts && pos; i++) {
    if (i > 0) await deps.clock.sleep((o.backoffMs ?? 100) * 2 ** (i - 1));
    // Never send a new exit while the previous one's outcome is unknown: ask first.
    if (last !== null && !isTerminal(om.order(last)?.status ?? 'rejected')) {
      const r = await om.resolve(last);
      if (r && !isTerminal(r.status) && r.type === 'market') {
        detail = `exit ${last} outcome unknown`;
        continue;
      }
    }
    setRow(pos.symbol, 'closing', `attempt ${i + 1}`);
    const order = await om.submit({
      symbol: pos.symbol, side: pos.side === 'long' ? 'sell' : 'buy', type: 'market', amount: pos.amount, price: null, reduceOnly: true,
      purpose: 'kill-switch', reason: 'kill switch', strategyId: keeper.forSymbol(first.symbol)[0]?.strategyId ?? 'external', durable: false,
    });
    last = order.clientOrderId;
    detail = order.status === 'rejected' ? (order.reason ?? 'rejected') : `${order.status} ${order.filled}/${order.amount}`;
    pos = await fresh().then((all) => all.find((p) => p.symbol === first.symbol) ?? null, (err: unknown) => {
      detail = `position check failed: ${errorMessage(err)}`;
      return pos;
    });
  }
  if (pos) setRow(first.symbol, 'failed', detail);
  else setRow(first.symbol, 'closed', null);
}

async function retrying<T>(deps: TradingDeps, o: KillSwitchOptions, fn: () => Promise<T>, what: string): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i + 1 >= (o.attempts ?? 5)) throw err;
      deps.logger.warn('kill_switch.retry', { what, attempt: i + 1, error: errorMessage(err) });
      await deps.clock.sleep((o.backoffMs ?? 100) * 2 ** i);
    }
  }
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
