import { NexwaveError } from '../../../src/engine/core/errors.js';
import type { Tick } from '../../../src/engine/core/types.js';
import type { Clock } from '../../../src/engine/ports/clock.js';
import type { DeadLetterSink } from '../../../src/engine/ports/journal.js';
import type { Logger } from '../../../src/engine/ports/logger.js';
import type { InsertTicksResult, Store } from '../../../src/engine/ports/store.js';

export { FakeClock, settle } from '../../helpers/fake-clock.js';

const key = (t: Tick): string => `${t.symbol}|${t.time}|${t.tradeId}`;

/**
 * Store fake at our own port: a dedupe set keyed like the real UNIQUE (symbol, time, trade_id).
 * `down` makes every call fail as STORE.UNAVAILABLE; `rejects` makes a batch containing a
 * matching tick fail as a non-retryable query error (like a row the database refuses).
 */
export class FakeStore implements Store {
  readonly kind = 'pglite' as const;
  readonly description = 'fake store';
  down = false;
  rejects: (t: Tick) => boolean = () => false;
  /** Called before each insert resolves; tests use it to hold a batch in flight. */
  gate: () => Promise<void> = async () => {};
  readonly rows = new Map<string, Tick>();
  readonly order: Tick[] = [];
  readonly calls: number[] = [];
  inFlight = 0;
  maxInFlight = 0;

  async insertTicks(ticks: readonly Tick[]): Promise<InsertTicksResult> {
    this.calls.push(ticks.length);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate();
      if (this.down) throw new NexwaveError('STORE.UNAVAILABLE', 'connect ECONNREFUSED postgres://u:hunter2@db:5432/x');
      const bad = ticks.find(this.rejects);
      if (bad) throw new NexwaveError('STORE.QUERY_FAILED', `violates foreign key: symbol ${bad.symbol}`);
      let inserted = 0;
      for (const t of ticks) {
        if (this.rows.has(key(t))) continue;
        this.rows.set(key(t), t);
        this.order.push(t);
        inserted++;
      }
      return { inserted };
    } finally {
      this.inFlight--;
    }
  }

  async ping(): Promise<void> {
    if (this.down) throw new NexwaveError('STORE.UNAVAILABLE', 'connect ECONNREFUSED');
  }

  migrate = unused;
  usesTimescale = unused;
  close = unused;
  findTicks = unused;
  lastTicks = unused;
  countTicks = unused;
  pruneTicks = unused;
  loadPairs = unused;
  upsertPairs = unused;
  loadCandles = unused;
  upsertCandles = unused;
  insertGap = unused;
  loadGaps = unused;
  insertSignals = unused;
  loadSignals = unused;
  setTickAges = unused;
  upsertWhale = unused;
  setWhaleImpact = unused;
  whalesAwaitingImpact = unused;
  recentWhales = unused;
}

function unused(): never {
  throw new Error('not used by the batch writer');
}

/** Dead-letter sink kept in memory. */
export class MemoryDeadLetter implements DeadLetterSink {
  readonly location = 'memory://dead-letter';
  readonly entries: { tick: Tick; reason: string }[] = [];
  async write(ticks: readonly Tick[], reason: string): Promise<void> {
    for (const tick of ticks) this.entries.push({ tick, reason });
  }
}

/** Logger that keeps events for assertions. */
export class RecordingLogger implements Logger {
  readonly events: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  debug = (event: string, fields?: Record<string, unknown>): void => void this.events.push({ level: 'debug', event, fields });
  info = (event: string, fields?: Record<string, unknown>): void => void this.events.push({ level: 'info', event, fields });
  warn = (event: string, fields?: Record<string, unknown>): void => void this.events.push({ level: 'warn', event, fields });
  error = (event: string, fields?: Record<string, unknown>): void => void this.events.push({ level: 'error', event, fields });
  has(event: string): boolean {
    return this.events.some((e) => e.event === event);
  }
}

/** `n` distinct ticks starting at trade id `from`. */
export function makeTicks(n: number, from = 1, symbol = 'BTC'): Tick[] {
  return Array.from({ length: n }, (_, i) => ({
    time: 1_700_000_000_000 + Math.floor((from + i) / 3),
    symbol,
    tradeId: from + i,
    price: 100 + ((from + i) % 17) * 0.25,
    volume: 0.001 * (((from + i) % 11) + 1),
    side: (from + i) % 2 === 0 ? 'buy' : 'sell',
    venue: 'simulator',
  }));
}
