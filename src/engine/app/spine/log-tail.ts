/**
 * A logger that also keeps the last lines in EngineState (the console's log panel), so
 * logs never write over the screen. Fields are redacted here too (the same helper as the
 * JSON logger), because the state crosses the control socket.
 */
import { STATE_LIMITS, type LogLine } from '../../core/spine/engine-state.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { redact } from '../redact.js';
import type { Spine } from './spine.js';

const RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const;
const MAX_TEXT = 160;

function fieldsText(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const text = parts.join(' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

export function withLogTail(inner: Logger, spine: Spine, clock: Clock, minLevel: LogLine['level'] = 'info'): Logger {
  const line = (level: LogLine['level'], event: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < RANK[minLevel]) return;
    const entry: LogLine = { at: clock.now(), level, event, text: fieldsText(fields ? (redact(fields) as Record<string, unknown>) : undefined) };
    spine.sample((s) => ({ ...s, log: [...s.log.slice(-(STATE_LIMITS.log - 1)), entry] }));
  };
  return {
    debug: (e, f) => (inner.debug(e, f), line('debug', e, f)),
    info: (e, f) => (inner.info(e, f), line('info', e, f)),
    warn: (e, f) => (inner.warn(e, f), line('warn', e, f)),
    error: (e, f) => (inner.error(e, f), line('error', e, f)),
  };
}
