/** Typed in-process event bus: listeners run synchronously; one that throws is logged, never breaks the emitter. */
import type { EngineEvent } from '../../core/spine/engine-event.js';

export type EventListener = (e: EngineEvent) => void;

export interface EventBus {
  emit(e: EngineEvent): void;
  /** Returns an unsubscribe function. */
  on(listener: EventListener): () => void;
}

export function createEventBus(onListenerError: (err: unknown, e: EngineEvent) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(e) {
      for (const l of [...listeners]) {
        try {
          l(e);
        } catch (err) {
          onListenerError(err, e);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
