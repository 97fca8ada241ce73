/**
 * JSON-lines implementation of the Logger port: one object per line,
 * `{"t":"<ISO time>","level":"info","event":"feed.reconnected",...fields}`, so headless
 * output can be piped into jq or a log shipper. Every field passes through redact():
 * secret-named fields and URL passwords never reach the output. Repeated events are
 * aggregated (log-repeats.ts); `always` events are never aggregated and are written at
 * every level but `silent` (the periodic engine.status must survive `--log-level warn`).
 */
import type { LogLevel } from '../engine/app/config.js';
import { redact } from '../engine/app/redact.js';
import type { Logger } from '../engine/ports/logger.js';
import { createRepeatGate } from './log-repeats.js';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const RESERVED = new Set(['t', 'level', 'event']);

/** Events written at every level but silent and never aggregated. */
export const ALWAYS_EVENTS: readonly string[] = ['engine.status'];
/** Aggregation period (ms): the status period, so each status is followed by at most one count per event. */
export const REPEAT_PERIOD_MS = 10_000;
/** Lines per event and period written before counting starts. */
export const REPEAT_BURST = 1;

export interface JsonLoggerOptions {
  /** Lowest level written; `silent` writes nothing. */
  readonly level: LogLevel;
  /** Receives one complete line (with its newline) per call. */
  readonly write: (line: string) => void;
  /** Epoch ms; injected so tests can pin the timestamp. */
  readonly now?: () => number;
  /** Events exempt from the level (except silent) and from aggregation (default ALWAYS_EVENTS). */
  readonly always?: readonly string[];
  /** Aggregation; `false` writes every line (default: REPEAT_PERIOD_MS, REPEAT_BURST). */
  readonly repeats?: { readonly periodMs: number; readonly burst: number } | false;
}

/** The logger, plus `tick()` (write the counts of periods that ended; call about every second), `flush()` (all counts, before exit) and `close()`. */
export interface JsonLogger extends Logger {
  tick(): void;
  flush(): void;
  close(): void;
}

/** Create a JSON-lines logger. Field names clashing with t/level/event are prefixed with `_`. */
export function createJsonLogger(opts: JsonLoggerOptions): JsonLogger {
  const now = opts.now ?? Date.now;
  const min = RANK[opts.level];
  const always = new Set(opts.always ?? ALWAYS_EVENTS);
  const gate = opts.repeats === false ? null : createRepeatGate(opts.repeats ?? { periodMs: REPEAT_PERIOD_MS, burst: REPEAT_BURST });
  const write = (level: string, event: string, fields: Record<string, unknown> | undefined, at: number): void => {
    const record: Record<string, unknown> = { t: new Date(at).toISOString(), level, event };
    const safe = fields === undefined ? {} : (redact(fields) as Record<string, unknown>);
    for (const [k, v] of Object.entries(safe)) record[RESERVED.has(k) ? `_${k}` : k] = v;
    opts.write(`${JSON.stringify(record)}\n`);
  };
  const drain = (at: number, all: boolean): void => {
    // Summaries keep their event's level: a count of warnings is a warning.
    for (const s of gate?.drain(at, all) ?? []) write(s.level, s.event, { ...(s.symbol ? { symbol: s.symbol } : {}), repeated: s.repeated, periodS: s.periodMs / 1_000, last: s.last }, at);
  };
  let closed = false;
  const emit = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>): void => {
    if (opts.level === 'silent' || closed) return;
    const at = now();
    drain(at, false);
    if (always.has(event)) return write(level, event, fields, at);
    if (RANK[level] < min) return;
    if (gate && !gate.admit(level, event, fields, at)) return;
    write(level, event, fields, at);
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
    tick: () => void (closed || drain(now(), false)),
    flush: () => void (closed || drain(now(), true)),
    close() {
      if (closed) return;
      drain(now(), true);
      closed = true;
    },
  };
}
