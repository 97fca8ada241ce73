/**
 * Trading writes across a stop with the database down: the stop keeps what the queue could
 * not store (TradingSpill, a file in the data dir) instead of waiting for a database known
 * to be down, and the next start stores them first, in order, before the books are read back.
 */
import type { TradingWrite } from '../../ports/trading-spill.js';
import { errorMessage } from '../../core/error-message.js';
import type { TradingDeps } from './trading-deps.js';

/** How long a start waits for kept writes to be stored before going on (they stay queued). */
const REPLAY_WAIT_MS = 5_000;

/** True when waiting for the trading writes cannot help: the database is known to be down. */
export function storeKnownDown(deps: TradingDeps): boolean {
  return deps.queue.down() || deps.spine.store.getState().storage.state === 'down';
}

/** At a stop: keep exactly the writes never stored (none clears what was kept). */
export function keepUnsaved(deps: TradingDeps, unsaved: readonly TradingWrite[]): void {
  if (!deps.spill) {
    if (unsaved.length > 0) deps.logger.error('trading.writes_unsaved', { unsaved: unsaved.length, note: 'the venue and reconciliation at the next start are the record for these' });
    return;
  }
  try {
    deps.spill.replace(unsaved);
    if (unsaved.length > 0) deps.logger.warn('trading.writes_kept', { count: unsaved.length, file: deps.spill.where, note: 'stored at the next start' });
  } catch (err) {
    deps.logger.error('trading.writes_unsaved', { unsaved: unsaved.length, error: errorMessage(err), note: 'the venue and reconciliation at the next start are the record for these' });
  }
}

/**
 * At a start: the writes the last stop kept go first into the queue, in order, and are
 * waited for (a few seconds, not while the database is down). Once stored they are no longer
 * kept; if not, they stay kept and queued, and the next stop keeps what is still unstored.
 */
export async function replayKept(deps: TradingDeps): Promise<void> {
  if (!deps.spill || !deps.store) return;
  let kept: TradingWrite[];
  try {
    kept = deps.spill.load();
  } catch (err) {
    deps.logger.error('trading.kept_writes_unreadable', { file: deps.spill.where, error: errorMessage(err) });
    return;
  }
  if (kept.length === 0) return;
  for (const w of kept) void deps.queue.write(w);
  const end = deps.clock.now() + REPLAY_WAIT_MS;
  while (deps.queue.size() > 0 && !deps.queue.down() && deps.clock.now() < end) await deps.clock.sleep(25);
  if (deps.queue.size() > 0) {
    deps.logger.warn('trading.kept_writes_pending', { count: kept.length, file: deps.spill.where, note: 'queued until the database is back' });
    return;
  }
  deps.spill.replace([]);
  deps.logger.info('trading.kept_writes_stored', { count: kept.length, file: deps.spill.where });
}
