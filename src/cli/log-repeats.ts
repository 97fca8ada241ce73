/**
 * Aggregation of repeated log events, shared by every logger the CLI builds: per (level,
 * event, symbol), the first `burst` lines of a period are written as they come, the rest are
 * only counted, and when the period ends one line carries the count (`repeated`) and the last
 * suppressed record's fields (`last`). A database that is down for a minute then writes two
 * `whale.persist_failed` lines per pair and period instead of thousands, while one event per
 * pair (34 `gap.repaired` after a reconnect, each pair's `gap.recorded`) is never hidden.
 */

/** One aggregated line to write: the event, how many were held back, the last one's fields. */
export interface RepeatSummary {
  readonly level: string;
  readonly event: string;
  /** The pair the events were about, when they named one. */
  readonly symbol?: string;
  readonly repeated: number;
  readonly periodMs: number;
  readonly last: Record<string, unknown> | undefined;
}

export interface RepeatGateOptions {
  /** Length of a period (ms). */
  readonly periodMs: number;
  /** Lines written per event and period before counting starts. */
  readonly burst: number;
}

interface Window {
  readonly level: string;
  readonly event: string;
  readonly symbol: string;
  readonly start: number;
  passed: number;
  held: number;
  last: Record<string, unknown> | undefined;
}

/** The gate: `admit` says whether to write a record now; `drain` returns the counts of ended periods. */
export function createRepeatGate(opts: RepeatGateOptions) {
  const windows = new Map<string, Window>();
  const drain = (now: number, all = false): RepeatSummary[] => {
    const out: RepeatSummary[] = [];
    for (const [key, w] of windows) {
      if (!all && now < w.start + opts.periodMs) continue;
      windows.delete(key);
      if (w.held > 0) out.push({ level: w.level, event: w.event, ...(w.symbol ? { symbol: w.symbol } : {}), repeated: w.held, periodMs: opts.periodMs, last: w.last });
    }
    return out;
  };
  return {
    admit(level: string, event: string, fields: Record<string, unknown> | undefined, now: number): boolean {
      const symbol = typeof fields?.symbol === 'string' ? fields.symbol : '';
      const key = `${level}\u0000${event}\u0000${symbol}`;
      let w = windows.get(key);
      if (!w) windows.set(key, (w = { level, event, symbol, start: now, passed: 0, held: 0, last: undefined }));
      if (w.passed < opts.burst) {
        w.passed++;
        return true;
      }
      w.held++;
      w.last = fields;
      return false;
    },
    /** Summaries of the periods ended by `now` (every open one with `all`, at shutdown). */
    drain,
  };
}
