/**
 * The kill switch (`positions.flatten`): HALTED first; cancel every open order and
 * confirm none is left; close every venue position (external ones too) with reduce-only
 * market orders in parallel; re-check until flat with bounded retries and backoff. An
 * exit whose outcome is unknown is checked with the venue by client_order_id before any
 * new exit for that symbol is sent. Progress per symbol is published as
 * `flatten.progressed`. Storage writes go through the queue, so it works with the database down.
 * Every mode with positions in the book is flattened through its own broker.
 */
import { backoffDelay, type BackoffPolicy } from '../../core/backoff.js';
import { retry } from '../../core/retry.js';
import type { FlattenProgress, FlattenSymbolStatus, TradingMode } from '../../core/spine/engine-state.js';
import { isTerminal } from '../../core/trading/order-state.js';
import type { Exchange, VenuePosition } from '../../ports/exchange.js';
import { errorMessage } from '../../core/error-message.js';
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

/** The plain doubling from `backoffMs` between rounds, checks and close attempts (no jitter). */
const doubling = (o: KillSwitchOptions): BackoffPolicy => ({ baseMs: o.backoffMs ?? 100, capMs: Infinity, jitter: false });

type Row = FlattenProgress['symbols'][number];
type SetRow = (symbol: string, mode: TradingMode, status: FlattenSymbolStatus, detail: string | null) => void;

/** A venue to flatten: the broker of one mode (null when none is connected for it). */
export interface FlattenVenue {
  readonly mode: TradingMode;
  readonly broker: Exchange | null;
}

interface Run {
  readonly deps: TradingDeps;
  readonly om: OrderManager;
  readonly keeper: PositionKeeper;
  readonly o: KillSwitchOptions;
  readonly setRow: SetRow;
  readonly row: (symbol: string, mode: TradingMode) => Row | undefined;
  readonly rows: () => readonly Row[];
  readonly cancelled: (n: number) => void;
}

/** Close rounds over whatever is still open. */
const ROUNDS = 3;

/**
 * Flatten every venue given (default: the current broker), in parallel: with live
 * positions left open after a switch back to paper, both the paper and the live account.
 */
export async function flattenAll(deps: TradingDeps, om: OrderManager, keeper: PositionKeeper, by: string, o: KillSwitchOptions = {}, venues: readonly FlattenVenue[] = [{ mode: deps.broker.mode, broker: deps.broker }]): Promise<FlattenProgress> {
  let progress: FlattenProgress = { startedAt: deps.clock.now(), finishedAt: null, by, ordersCancelled: 0, symbols: [], flat: false };
  const publish = (next: Partial<FlattenProgress>): void => {
    progress = { ...progress, ...next };
    deps.spine.emit({ type: 'flatten.progressed', at: deps.clock.now(), progress });
  };
  const setRow: SetRow = (symbol, mode, status, detail) => {
    const row: Row = { symbol, mode, status, detail };
    const same = (r: Row): boolean => r.symbol === symbol && r.mode === mode;
    publish({ symbols: progress.symbols.some(same) ? progress.symbols.map((r) => (same(r) ? row : r)) : [...progress.symbols, row] });
  };
  const cancelled = (n: number): void => publish({ ordersCancelled: progress.ordersCancelled + n });

  if (deps.spine.store.getState().run.trading.state !== 'HALTED') await deps.setTradingState('HALTED', 'kill switch', by);
  publish({});
  deps.logger.warn('kill_switch.started', { by, modes: venues.map((v) => v.mode) });
  const row = (symbol: string, mode: TradingMode): Row | undefined => progress.symbols.find((r) => r.symbol === symbol && r.mode === mode);
  const run: Run = { deps, om, keeper, o, setRow, row, rows: () => progress.symbols, cancelled };
  const flats = await Promise.all(venues.map((v) => flattenVenue(run, v)));
  const flat = flats.every(Boolean);
  publish({ flat, finishedAt: deps.clock.now() });
  const failed = progress.symbols.filter((r) => r.status === 'failed').map((r) => `${venues.length > 1 ? `${r.mode} ` : ''}${r.symbol}: ${r.detail ?? 'failed'}`);
  deps.alerts.raise(flat ? 'warn' : 'error', 'kill_switch', flat ? 'kill switch: flat, trading HALTED' : `kill switch: NOT flat (${failed.join(', ') || 'open orders left'})`);
  return progress;
}

/** Cancel, close and re-check one venue; true when it ends with no position and no open order. */
async function flattenVenue(run: Run, v: FlattenVenue): Promise<boolean> {
  const { deps, keeper, o, setRow } = run;
  const broker = v.broker;
  const failAll = (why: string): false => {
    const known = keeper.inMode(v.mode);
    for (const p of known) setRow(p.symbol, v.mode, 'failed', why);
    if (known.length === 0) setRow('*', v.mode, 'failed', why);
    deps.logger.error('kill_switch.venue_failed', { mode: v.mode, error: why });
    return false;
  };
  if (!broker) return failAll(`no ${v.mode} broker connected`);
  // The positions the book knows are listed at once, so a watcher sees every symbol from the start.
  for (const p of keeper.inMode(v.mode)) setRow(p.symbol, v.mode, 'cancelling', 'cancelling open orders');
  run.cancelled(await cancelEverything(deps, run.om, broker, o));
  let positions: VenuePosition[];
  try {
    positions = await retrying(deps, o, () => broker.positions(), 'positions');
  } catch (err) {
    // Without the venue's positions nothing can be closed for sure: say which ones we know of.
    return failAll(`positions unreadable: ${errorMessage(err)}`);
  }
  keeper.adopt(positions, v.mode);
  queueCloses(run, v.mode, positions);
  const fresh = batchedPositions(deps, broker);
  let left: VenuePosition[] | null = positions;
  // More rounds when positions are still there (an order in flight when HALTED landed after).
  for (let round = 0; left && left.length > 0 && round < ROUNDS; round++) {
    await inParallel(left, o.parallel ?? 40, (p) => closeSymbol(run, v.mode, fresh, p));
    left = await retrying(deps, o, () => broker.positions(), 'positions').catch((err: unknown) => {
      deps.logger.error('kill_switch.positions_check_failed', { mode: v.mode, error: errorMessage(err) });
      return null;
    });
  }
  const openLeft = await openOrdersLeft(deps, broker, v.mode);
  for (const p of left ?? []) {
    const row = run.row(p.symbol, v.mode);
    if (row?.status !== 'failed') setRow(p.symbol, v.mode, 'failed', `${p.amount} still open after ${o.attempts ?? 5} attempts`);
  }
  return left !== null && left.length === 0 && openLeft === 0;
}

/** The venue's positions are queued to close; symbols listed from the book that the venue does not hold are done. */
function queueCloses(run: Run, mode: TradingMode, positions: readonly VenuePosition[]): void {
  for (const p of positions) run.setRow(p.symbol, mode, 'pending', 'queued to close');
  for (const r of run.rows()) {
    if (r.mode === mode && r.status === 'cancelling') run.setRow(r.symbol, mode, 'closed', 'no position at the venue');
  }
}

/** Open orders still at the venue after the closes (-1 when they could not be read). */
async function openOrdersLeft(deps: TradingDeps, broker: Exchange, mode: TradingMode): Promise<number> {
  const n = await broker.openOrders().then((x) => x.length, (err: unknown) => {
    deps.logger.error('kill_switch.orders_check_failed', { mode, error: errorMessage(err) });
    return -1;
  });
  if (n !== 0) deps.logger.error('kill_switch.orders_left', { mode, open: n });
  return n;
}

async function cancelEverything(deps: TradingDeps, om: OrderManager, broker: Exchange, o: KillSwitchOptions): Promise<number> {
  let cancelled = 0;
  for (let round = 0; round < (o.attempts ?? 5); round++) {
    try {
      cancelled += await broker.cancelAll();
      const all = await broker.openOrders();
      const open = all.filter((x) => x.type === 'limit');
      for (const v of all) om.applyVenueOrder(v);
      if (open.length === 0) return cancelled;
    } catch (err) {
      deps.logger.warn('kill_switch.cancel_failed', { round, error: errorMessage(err) });
    }
    await deps.clock.sleep(backoffDelay(doubling(o), round, 0));
  }
  return cancelled;
}

/**
 * Position checks of parallel closes share one request: every caller gets a fetch that
 * started after it asked (never an older answer), so a close is never judged on stale data.
 */
function batchedPositions(deps: TradingDeps, broker: Exchange): () => Promise<VenuePosition[]> {
  let next: Promise<VenuePosition[]> | null = null;
  return () => {
    next ??= deps.clock.sleep(5).then(() => {
      next = null;
      return broker.positions();
    });
    return next;
  };
}

async function closeSymbol(run: Run, mode: TradingMode, fresh: () => Promise<VenuePosition[]>, first: VenuePosition): Promise<void> {
  const { deps, om, keeper, o } = run;
  const setRow = (symbol: string, status: FlattenSymbolStatus, detail: string | null): void => run.setRow(symbol, mode, status, detail);
  const attempts = o.attempts ?? 5;
  let pos: VenuePosition | null = first;
  let last: string | null = null;
  let detail = 'not attempted';
  for (let i = 0; i < attempts && pos; i++) {
    if (i > 0) await deps.clock.sleep(backoffDelay(doubling(o), i - 1, 0));
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
      purpose: 'kill-switch', reason: 'kill switch', strategyId: keeper.forSymbol(first.symbol, mode)[0]?.strategyId ?? 'external', durable: false, mode,
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

function retrying<T>(deps: TradingDeps, o: KillSwitchOptions, fn: () => Promise<T>, what: string): Promise<T> {
  return retry(fn, {
    sleep: (ms) => deps.clock.sleep(ms), random: () => 0, maxRetries: (o.attempts ?? 5) - 1, policy: doubling(o),
    retryDelay: () => undefined,
    onRetry: (err, i) => deps.logger.warn('kill_switch.retry', { what, attempt: i + 1, error: errorMessage(err) }),
  });
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
