/**
 * The simulator's ledger: the trades it emitted, in history-id order, so tests and the
 * end-to-end checks can compare what the collector stored against what the venue sent.
 *
 * Memory is bounded: at 60x the venue emits thousands of trades a second, and keeping every
 * one grew the process by about 3.8 MB/s. Memory holds the last `capacity` trades (a ring)
 * and, per symbol, the last `perSymbol` (REST /trades serves from those). Counts stay exact,
 * `evicted()` says how many trades memory no longer holds, and with `file` every trade is
 * also appended to a JSON-lines file (readLedgerFile) for checks that need all of them.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Side, TradeCause, VenueTradeSide } from '../../engine/core/types.js';

/** One emitted taker trade. `price` and `amount` are the exact strings that were sent. */
export interface LedgerTrade {
  readonly symbol: string;
  /** Venue history id (`h`), increasing across the venue. */
  readonly h: number;
  readonly time: number;
  readonly price: string;
  readonly amount: string;
  /** Taker side (open_long / close_short are buys). */
  readonly side: Side;
  readonly d: VenueTradeSide;
  readonly cause: TradeCause;
  /** Last order id at emission. */
  readonly li: number;
}

/** Read access to the ledger. */
export interface Ledger {
  /** Trades emitted since start (all of them, in memory or not). */
  count(symbol?: string): number;
  /** The symbol's most recent trades held in memory, oldest first. */
  bySymbol(symbol: string): readonly LedgerTrade[];
  /** The most recent trades held in memory, oldest first (every trade while evicted() is 0). */
  all(): readonly LedgerTrade[];
  /** Trades emitted but no longer held in memory (the file, when set, still has them). */
  evicted(): number;
  /** Write buffered lines to the file (no-op without one). */
  flush(): void;
  /** Flush and close the file. */
  close(): void;
}

/** Ledger plus the engine's append. */
export interface MutableLedger extends Ledger {
  append(trade: LedgerTrade): void;
}

export interface LedgerOptions {
  /** Trades kept in memory across symbols (default 100 000, about 15-20 MB). */
  readonly capacity?: number;
  /** Trades kept in memory per symbol (default 1 000; at least REST's trade limit). */
  readonly perSymbol?: number;
  /** Append every trade as a JSON line to this file (created or truncated, owner-only). */
  readonly file?: string;
}

export const DEFAULT_LEDGER_CAPACITY = 100_000;
export const DEFAULT_LEDGER_PER_SYMBOL = 1_000;
const FILE_BUFFER_CHARS = 256 * 1024;

/** A fixed-size ring: push overwrites the oldest; toArray is oldest first. */
function ring<T>(capacity: number) {
  const items: T[] = [];
  let head = 0;
  return {
    push(x: T): void {
      if (items.length < capacity) items.push(x);
      else {
        items[head] = x;
        head = (head + 1) % capacity;
      }
    },
    toArray: (): T[] => (head === 0 ? items.slice() : [...items.slice(head), ...items.slice(0, head)]),
  };
}

/** An empty ledger. */
export function createLedger(opts: LedgerOptions = {}): MutableLedger {
  const capacity = Math.max(1, Math.floor(opts.capacity ?? DEFAULT_LEDGER_CAPACITY));
  const perSymbol = Math.max(1, Math.floor(opts.perSymbol ?? DEFAULT_LEDGER_PER_SYMBOL));
  const everything = ring<LedgerTrade>(capacity);
  const bySymbol = new Map<string, ReturnType<typeof ring<LedgerTrade>>>();
  const counts = new Map<string, number>();
  let total = 0;
  const fd = opts.file === undefined ? null : openSync(opts.file, 'w', 0o600);
  let buffered = '';
  const flush = (): void => {
    if (fd === null || buffered === '') return;
    writeSync(fd, buffered);
    buffered = '';
  };
  let closed = false;
  return {
    append(trade) {
      total++;
      everything.push(trade);
      counts.set(trade.symbol, (counts.get(trade.symbol) ?? 0) + 1);
      let list = bySymbol.get(trade.symbol);
      if (!list) bySymbol.set(trade.symbol, (list = ring<LedgerTrade>(perSymbol)));
      list.push(trade);
      if (fd !== null && !closed) {
        buffered += `${JSON.stringify(trade)}\n`;
        if (buffered.length >= FILE_BUFFER_CHARS) flush();
      }
    },
    count: (symbol) => (symbol === undefined ? total : (counts.get(symbol) ?? 0)),
    bySymbol: (symbol) => bySymbol.get(symbol)?.toArray() ?? [],
    all: () => everything.toArray(),
    evicted: () => Math.max(0, total - capacity),
    flush,
    close() {
      if (closed) return;
      flush();
      closed = true;
      if (fd !== null) closeSync(fd);
    },
  };
}

/** Every trade of a ledger file (LedgerOptions.file), in emission order. */
export function readLedgerFile(path: string): LedgerTrade[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LedgerTrade);
}
