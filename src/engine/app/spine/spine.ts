/**
 * The spine: one state store and one event bus. `emit` applies an event to the state
 * (core/spine/state-reducer.ts) and then tells the listeners; `sample` merges measured
 * slices. Everything a surface shows is `store.getState()`.
 */
import type { EngineEvent } from '../../core/spine/engine-event.js';
import type { EngineState } from '../../core/spine/engine-state.js';
import { reduceState } from '../../core/spine/state-reducer.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { errorMessage } from '../../core/error-message.js';
import { createEventBus, type EventBus } from './event-bus.js';
import { createStateStore, type StateStore } from './state-store.js';

export interface Spine {
  readonly store: StateStore;
  readonly bus: EventBus;
  emit(e: EngineEvent): void;
  /** Merge measured slices into the state (unchanged parts keep their identity). */
  sample(next: (prev: EngineState) => EngineState): void;
  /** Run `fn`, counting its time as the state machinery's cost (nested calls count once). */
  measure<T>(fn: () => T): T;
  /** Milliseconds spent producing state since start (events, samples, structural sharing). */
  costMs(): number;
}

export function createSpine(initial: EngineState, clock: Clock, logger: Logger, intervalMs = 100): Spine {
  const store = createStateStore(initial, clock, intervalMs);
  const bus = createEventBus((err, e) => logger.error('spine.listener_failed', { event: e.type, error: errorMessage(err) }));
  let cost = 0;
  let depth = 0;
  const measure = <T>(fn: () => T): T => {
    if (depth > 0) return fn();
    depth++;
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      depth--;
      cost += performance.now() - t0;
    }
  };
  return {
    store,
    bus,
    emit(e) {
      measure(() => store.update((s) => reduceState(s, e)));
      bus.emit(e);
    },
    sample: (next) => measure(() => store.update(next)),
    measure,
    costMs: () => cost,
  };
}
