/**
 * Trading writes (orders, fills, positions, trading state) that could not reach the database
 * before a stop, kept in durable storage in the data dir and given back at the next start,
 * so a stop with the database down loses none of them. Implemented as a file in
 * src/data/files/trading-spill.ts.
 */
import type { OrderView, TradingMode, TradingStatus } from '../core/spine/engine-state.js';
import type { BookPosition } from '../core/trading/position.js';

/** One write of the trading store, as data (so it can outlive the process). */
export type TradingWrite =
  | { readonly kind: 'order'; readonly order: OrderView }
  | { readonly kind: 'fill'; readonly order: OrderView; readonly position: BookPosition; readonly closed: boolean }
  | { readonly kind: 'position'; readonly position: BookPosition }
  | { readonly kind: 'state'; readonly status: TradingStatus; readonly mode: TradingMode };

export interface TradingSpill {
  /** Where the writes are kept (for logs). */
  readonly where: string;
  /** The writes kept by earlier runs, oldest first (empty when none). */
  load(): TradingWrite[];
  /** Keep exactly `writes` (durably, replacing what was kept); none removes the file. */
  replace(writes: readonly TradingWrite[]): void;
}
