/**
 * Positions per (mode, strategy, symbol) as the order manager books them, marked to the
 * current mark price, plus the account figures derived from them and the broker.
 * Published as `position.changed` and the state's `account`. Positions of the mode not
 * traded now (live ones left open after a switch back to paper) stay in the book: shown,
 * marked and closed through their own mode's broker; risk, exposure and the account count
 * only the current mode's, since each mode is its own account.
 */
import type { AccountView, OrderView, TradingMode } from '../../core/spine/engine-state.js';
import { applyFill, exposureOf, markPosition, type BookPosition } from '../../core/trading/position.js';
import type { Exposure, StrategyPosition } from '../../core/strategy.js';
import type { VenueAccount, VenuePosition } from '../../ports/exchange.js';
import { errorMessage } from '../../core/error-message.js';
import type { TradingDeps } from './trading-deps.js';

export interface Moved {
  readonly position: BookPosition;
  /** True when the fill left it flat (then `position` is the last state, amount 0). */
  readonly closed: boolean;
  readonly realized: number;
}

export interface PositionKeeper {
  fill(order: OrderView, amount: number, price: number, fee: number, stops?: { readonly stopLoss: number | null; readonly takeProfit: number | null }): Moved;
  announce(m: Moved): void;
  /** Every position, of both modes. */
  all(): BookPosition[];
  /** Positions of one mode. */
  inMode(mode: TradingMode): BookPosition[];
  /** Positions on `symbol` (of `mode` only, when given). */
  forSymbol(symbol: string, mode?: TradingMode): BookPosition[];
  /** The position of (strategy, symbol) in whichever mode it was opened (the current one first). */
  find(strategyId: string, symbol: string): BookPosition | null;
  load(list: readonly BookPosition[]): void;
  /** Venue positions of `mode` the book does not hold become external positions (shown, closed by the kill switch). */
  adopt(venue: readonly VenuePosition[], mode: TradingMode): BookPosition[];
  refreshMarks(): void;
  refreshAccount(): Promise<AccountView | null>;
  /** Account figures the venue pushed (the same as a read, without the request). */
  applyAccount(a: VenueAccount): AccountView;
  strategyPosition(symbol: string): StrategyPosition | null;
  /** Open notional per side of the current mode. */
  exposure(): Exposure;
  /** Last account read. */
  account(): AccountView | null;
  /** Equity of the current mode's account when its trading day started. */
  dayStartEquity(): number | null;
  lastEntryAt(): Readonly<Record<string, number>>;
}

const DAY_MS = 86_400_000;
const MODES: readonly TradingMode[] = ['paper', 'live'];

interface Day {
  readonly start: number;
  readonly equity: number;
  readonly realized: number;
}

export function createPositionKeeper(deps: TradingDeps): PositionKeeper {
  const book = new Map<string, BookPosition>();
  const entries: Record<string, number> = {};
  let account: AccountView | null = null;
  /** One trading day per mode: switching never compares live equity with the paper day's start. */
  const days = new Map<TradingMode, Day>();
  const key = (mode: TradingMode, strategyId: string, symbol: string): string => `${mode}|${strategyId}|${symbol}`;
  const emit = (p: BookPosition, closed: boolean): void => deps.spine.emit({ type: 'position.changed', at: deps.clock.now(), position: p, closed });
  const inMode = (mode: TradingMode): BookPosition[] => [...book.values()].filter((p) => p.mode === mode);
  const find = (strategyId: string, symbol: string): BookPosition | null => {
    const now = deps.broker.mode;
    for (const m of [now, ...MODES.filter((x) => x !== now)]) {
      const p = book.get(key(m, strategyId, symbol));
      if (p) return p;
    }
    return null;
  };

  return {
    fill(order, amount, price, fee, stops) {
      const k = key(order.mode, order.strategyId, order.symbol);
      const before = book.get(k) ?? null;
      const r = applyFill(before, {
        strategyId: order.strategyId, symbol: order.symbol, action: order.side, amount, price, fee, at: deps.clock.now(), mode: order.mode,
        ...(stops ? { stopLoss: stops.stopLoss, takeProfit: stops.takeProfit } : {}),
      });
      if (!before && !order.reduceOnly) entries[order.symbol] = deps.clock.now();
      const day = days.get(order.mode);
      if (day) days.set(order.mode, { ...day, realized: day.realized + r.realized - fee });
      if (r.position) {
        book.set(k, r.position);
        return { position: r.position, closed: false, realized: r.realized };
      }
      book.delete(k);
      return { position: r.closed ?? before!, closed: true, realized: r.realized };
    },
    announce(m) {
      emit(m.position, m.closed);
      void this.refreshAccount();
    },
    all: () => [...book.values()],
    inMode,
    forSymbol: (symbol, mode) => [...book.values()].filter((p) => p.symbol === symbol && (mode === undefined || p.mode === mode)),
    find,
    load(list) {
      for (const p of list) {
        book.set(key(p.mode, p.strategyId, p.symbol), p);
        emit(p, false);
      }
    },
    adopt(venue, mode) {
      const adopted: BookPosition[] = [];
      for (const v of venue) {
        if (this.forSymbol(v.symbol, mode).length > 0) continue;
        const p: BookPosition = {
          symbol: v.symbol, strategyId: 'external', side: v.side, amount: v.amount, entryPrice: v.entryPrice, markPrice: null, unrealizedPnl: 0,
          realizedPnl: 0, fees: 0, funding: v.funding, stopLoss: null, takeProfit: null, trailingStop: null, openedAt: deps.clock.now(),
          mode, external: true, partialTaken: false,
        };
        book.set(key(mode, p.strategyId, p.symbol), p);
        void deps.queue.write({ kind: 'position', position: p });
        emit(p, false);
        adopted.push(p);
      }
      return adopted;
    },
    refreshMarks() {
      for (const [k, p] of book) {
        const m = deps.mark(p.symbol);
        if (m === undefined || !(m > 0) || m === p.markPrice) continue;
        const next = markPosition(p, m);
        book.set(k, next);
        emit(next, false);
      }
    },
    async refreshAccount() {
      try {
        this.applyAccount(await deps.broker.account());
      } catch (err) {
        deps.logger.warn('account.refresh_failed', { error: errorMessage(err) });
      }
      return account;
    },
    applyAccount(a) {
      const mode = deps.broker.mode;
      const now = deps.clock.now();
      const today = Math.floor(now / DAY_MS) * DAY_MS;
      if (days.get(mode)?.start !== today) days.set(mode, { start: today, equity: a.equity, realized: 0 });
      const unrealized = inMode(mode).reduce((s, p) => s + p.unrealizedPnl, 0);
      const next: AccountView = { mode, equity: a.equity, balance: a.balance, realizedPnlToday: days.get(mode)!.realized, unrealizedPnl: unrealized, updatedAt: now };
      account = next;
      deps.spine.sample((s) => ({ ...s, account: next }));
      return next;
    },
    strategyPosition(symbol) {
      const p = find(deps.strategyId, symbol);
      return p ? { symbol, side: p.side, size: p.amount, entryPrice: p.entryPrice, stopLoss: p.stopLoss, takeProfit: p.takeProfit, trailingStop: p.trailingStop, partialTaken: p.partialTaken } : null;
    },
    exposure: () => exposureOf(inMode(deps.broker.mode)),
    account: () => (account?.mode === deps.broker.mode ? account : null),
    dayStartEquity: () => days.get(deps.broker.mode)?.equity ?? null,
    lastEntryAt: () => entries,
  };
}
