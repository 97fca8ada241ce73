/**
 * JSON-lines implementation of the Logger port: one object per line,
 * `{"t":"<ISO time>","level":"info","event":"feed.reconnected",...fields}`, so headless
 * output can be piped into jq or a log shipper. Every field passes through redact():
 * secret-named fields and URL passwords never reach the output.
 */
import type { LogLevel } from '../engine/app/config.js';
import { redact } from '../engine/app/redact.js';
import type { Logger } from '../engine/ports/logger.js';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const RESERVED = new Set(['t', 'level', 'event']);

export interface JsonLoggerOptions {
  /** Lowest level written; `silent` writes nothing. */
  readonly level: LogLevel;
  /** Receives one complete line (with its newline) per call. */
  readonly write: (line: string) => void;
  /** Epoch ms; injected so tests can pin the timestamp. */
  readonly now?: () => number;
}

/** Create a JSON-lines logger. Field names clashing with t/level/event are prefixed with `_`. */
export function createJsonLogger(opts: JsonLoggerOptions): Logger {
  const now = opts.now ?? Date.now;
  const min = RANK[opts.level];
  const emit = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < min) return;
    const record: Record<string, unknown> = { t: new Date(now()).toISOString(), level, event };
    const safe = fields === undefined ? {} : (redact(fields) as Record<string, unknown>);
    for (const [k, v] of Object.entries(safe)) record[RESERVED.has(k) ? `_${k}` : k] = v;
    opts.write(`${JSON.stringify(record)}\n`);
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}
