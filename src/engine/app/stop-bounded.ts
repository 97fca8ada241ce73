/**
 * Stopping with deadlines: every part of a stop is given a bounded time, so one part that
 * never settles (a database file deleted under it, a worker that does not answer) cannot
 * keep the process alive after a SIGTERM. A part past its deadline is logged and left
 * behind; the parts after it are still closed, in order.
 */
import { errorMessage } from '../core/error-message.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import { within } from './within.js';

/** How long each part of a runtime's close may take. */
export const CLOSE_PART_MS = 5_000;
/** How long the engine's own stop may take: its writer (10 s), final scan, whale writes and trading (5 s each), with room. */
export const ENGINE_STOP_MS = 30_000;

export interface ClosePart {
  readonly name: string;
  readonly close: () => Promise<unknown> | unknown;
}

/** Close `parts` in order, each within `ms`; returns the names of the parts that timed out or failed. */
export async function closeInOrder(parts: readonly ClosePart[], clock: Clock, logger: Logger, ms = CLOSE_PART_MS): Promise<string[]> {
  const left: string[] = [];
  for (const part of parts) {
    try {
      await within(clock, ms, `closing the ${part.name}`, Promise.resolve().then(part.close), 'APP.STOP_TIMEOUT');
    } catch (err) {
      left.push(part.name);
      logger.error('runtime.close_failed', { part: part.name, error: errorMessage(err) });
    }
  }
  return left;
}
