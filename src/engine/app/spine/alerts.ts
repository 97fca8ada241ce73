/**
 * Alerts: a highlighted line (and the console's bell) for what a trader must not miss.
 * Each has a stable code; the same code raised again within `quietMs` is not repeated.
 */
import type { AlertLevel } from '../../core/spine/engine-state.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Spine } from './spine.js';

export interface AlertRaiser {
  raise(level: AlertLevel, code: string, message: string): void;
}

export function createAlertRaiser(spine: Spine, clock: Clock, logger: Logger, quietMs = 10_000): AlertRaiser {
  let nextId = 1;
  const lastAt = new Map<string, { readonly at: number; readonly message: string }>();
  return {
    raise(level, code, message) {
      const at = clock.now();
      const prev = lastAt.get(code);
      if (prev && prev.message === message && at - prev.at < quietMs) return;
      lastAt.set(code, { at, message });
      logger[level]('alert.raised', { code, message });
      spine.emit({ type: 'alert.raised', at, alert: { id: nextId++, level, at, code, message } });
    },
  };
}
