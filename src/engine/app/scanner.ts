/**
 * Scanner: evaluates every active pair every SCAN_INTERVAL and at
 * each candle close of the strategy's timeframe, and writes one `signals` row per
 * evaluation with its decision and, when it does not trade, the reason. Rows that
 * cannot be written (database down) are kept, bounded, and retried on the next scan.
 */
import { EMPTY_NUMBERS, toSignalRecord, type Exposure, type OrderIntent, type Strategy, type StrategyPosition, type StrategyResult } from '../core/strategy.js';
import type { Pair, SignalRecord } from '../core/types.js';
import type { Logger } from '../ports/logger.js';
import type { SignalStore } from '../ports/store.js';
import type { CandleService } from './candle-service.js';
import { writeIsolating } from './write-isolating.js';
import { errorMessage } from '../core/error-message.js';

export interface ScannerDeps {
  readonly strategy: Strategy;
  readonly candles: CandleService;
  readonly store: SignalStore;
  readonly logger: Logger;
  readonly pairs: () => readonly Pair[];
  /** Latest mark price, else last trade price. */
  readonly price: (symbol: string) => number | undefined;
  /** Exchange time. */
  readonly now: () => number;
  readonly portfolioValue: number;
  readonly position?: (symbol: string) => StrategyPosition | null;
  readonly exposure?: () => Exposure;
  /** A reason the pair must not be evaluated now (e.g. its trades are being repaired), else null. */
  readonly blocked?: (symbol: string) => string | null;
  /** Rows kept for retry while the database is down. */
  readonly maxPending?: number;
  /**
   * Why an order intent would not be traded now (trading state, risk), else null. A veto is
   * added to the reason (so it reaches `signals` and the state) and the intent is dropped.
   */
  readonly vet?: (intent: OrderIntent) => string | null;
  /** Told of every evaluation (the engine publishes it; the order manager acts on it). */
  readonly onEvaluated?: (entry: ScanEntry) => void;
}

export interface ScanEntry {
  readonly symbol: string;
  readonly time: number;
  readonly result: StrategyResult;
}

export interface ScanCounts {
  readonly scans: number;
  readonly evaluations: number;
  readonly long: number;
  readonly short: number;
  readonly exit: number;
  readonly hold: number;
  /** Signals rows waiting for the database. */
  readonly unsaved: number;
  /** Signals rows dropped past maxPending. */
  readonly dropped: number;
}

export interface Scanner {
  /** Run a scan now (coalesced: one at a time, a request during a scan runs after it). */
  scan(): Promise<void>;
  counts(): ScanCounts;
}

export function createScanner(deps: ScannerDeps): Scanner {
  const counts = { scans: 0, evaluations: 0, long: 0, short: 0, exit: 0, hold: 0, unsaved: 0, dropped: 0, rejected: 0 };
  let pending: SignalRecord[] = [];
  let running: Promise<void> | null = null;

  const evaluate = (pair: Pair, now: number): SignalRecord | null => {
    const tf = deps.strategy.timeframe;
    const price = deps.price(pair.symbol);
    const blocked = price === undefined || !(price > 0) ? 'no price yet' : deps.blocked?.(pair.symbol) ?? null;
    const evaluated: StrategyResult =
      blocked !== null || price === undefined
        ? { decision: 'hold', reason: blocked ?? 'no price yet', numbers: { ...EMPTY_NUMBERS, price: price ?? null } }
        : deps.strategy.evaluate({
            pair,
            now,
            price,
            closed: deps.candles.closed(pair.symbol, tf),
            forming: deps.candles.forming(pair.symbol, tf),
            position: deps.position?.(pair.symbol) ?? null,
            exposure: deps.exposure?.() ?? { longUsd: 0, shortUsd: 0 },
            portfolioValue: deps.portfolioValue,
          });
    const veto = evaluated.orderIntent ? (deps.vet?.(evaluated.orderIntent) ?? null) : null;
    const { orderIntent: _vetoed, ...kept } = evaluated;
    const result: StrategyResult = veto === null ? evaluated : { ...kept, reason: `${evaluated.reason}; not traded: ${veto}` };
    const entry: ScanEntry = { symbol: pair.symbol, time: now, result };
    deps.onEvaluated?.(entry);
    counts.evaluations++;
    counts[result.decision]++;
    return toSignalRecord(deps.strategy.id, now, pair.symbol, result);
  };

  const scanOnce = async (): Promise<void> => {
    const now = deps.now();
    const rows: SignalRecord[] = [];
    for (const pair of deps.pairs()) {
      if (!pair.isActive) continue;
      try {
        const row = evaluate(pair, now);
        if (row) rows.push(row);
      } catch (err) {
        deps.logger.error('scan.evaluate_failed', { symbol: pair.symbol, error: errorMessage(err) });
      }
    }
    counts.scans++;
    await persist(rows);
  };

  const persist = async (rows: SignalRecord[]): Promise<void> => {
    const batch = [...pending, ...rows];
    try {
      // A row the database rejects on its own (never the whole batch) is dropped and counted.
      counts.dropped += await writeIsolating(batch, (rows) => deps.store.insertSignals(rows), (row, err) => {
        if (counts.rejected++ === 0) deps.logger.warn('scan.signal_rejected', { symbol: row.symbol.slice(0, 40), error: errorMessage(err), note: 'first one; counted in scanner.rejected' });
      });
      pending = [];
      counts.unsaved = 0;
    } catch (err) {
      const max = deps.maxPending ?? 50_000;
      counts.dropped += Math.max(0, batch.length - max);
      pending = batch.slice(-max);
      counts.unsaved = pending.length;
      deps.logger.warn('scan.signals_unsaved', { pending: pending.length, error: errorMessage(err) });
    }
  };

  return {
    scan(): Promise<void> {
      const next = (running ?? Promise.resolve()).catch(() => {}).then(scanOnce);
      const tracked: Promise<void> = next.finally(() => {
        if (running === tracked) running = null;
      });
      running = tracked;
      return next;
    },
    counts: () => ({ ...counts }),
  };
}
