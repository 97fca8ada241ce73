/** The engine's periodic jobs on the injected clock, and the first clock sync at start. */
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MarketRest } from '../ports/market-rest.js';
import { errorMessage } from '../core/error-message.js';
import type { TickGuard } from './tick-guard.js';
import { unlessStopped, within } from './within.js';

export interface EngineTimers {
  /** Run `fn` every `ms` (wall time), never overlapping itself; errors are logged, not fatal. */
  every(ms: number, fn: () => unknown, name: string): void;
  /** Cancel every job; `stopped()` is true from then on. */
  stop(): void;
  stopped(): boolean;
}

export function createEngineTimers(clock: Clock, logger: Logger): EngineTimers {
  const cancels: Array<() => void> = [];
  let stopped = false;
  return {
    every(ms, fn, name) {
      let cancel: () => void = () => {};
      const run = (): void => {
        if (stopped) return;
        Promise.resolve()
          .then(fn)
          .catch((err: unknown) => logger.warn(`${name}.failed`, { error: errorMessage(err) }))
          .finally(() => !stopped && loop());
      };
      const loop = (): void => {
        if (!stopped) cancel = clock.setTimer(ms, run);
      };
      loop();
      cancels.push(() => cancel());
    },
    stop() {
      stopped = true;
      for (const c of cancels) c();
    },
    stopped: () => stopped,
  };
}

/**
 * Prices give the first exchange timestamp (the candle clock) and mark prices, through the
 * guard's bands. A stop (`halt`) ends the wait at once and says nothing: the run is over, and
 * its summary must stay the last line.
 */
export async function syncClock(rest: MarketRest, guard: Pick<TickGuard, 'admitMark'>, logger: Logger, clock: Clock, halt?: AbortSignal): Promise<void> {
  try {
    for (const p of await unlessStopped(halt, within(clock, 10_000, 'GET /info/prices', rest.getPrices()), 'reading mark prices')) guard.admitMark(p.symbol, p.mark, p.time);
  } catch (err) {
    if (halt?.aborted) return;
    logger.warn('engine.prices_unavailable', { error: errorMessage(err) });
  }
}
