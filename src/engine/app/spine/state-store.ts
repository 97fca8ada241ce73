/**
 * A store outside React (after zustand's vanilla store): `getState` returns the latest
 * immutable snapshot, `subscribe` notifies at most once per `intervalMs` with the latest
 * state (coalesced), which is the contract React's useSyncExternalStore expects.
 */
import type { EngineState } from '../../core/spine/engine-state.js';
import { share } from '../../core/spine/share-structure.js';
import type { Clock } from '../../ports/clock.js';

export type StateListener = (state: EngineState) => void;

export interface StateStore {
  getState(): EngineState;
  /** Replace the state with `next(prev)`; unchanged parts keep their identity. */
  update(next: (prev: EngineState) => EngineState): void;
  subscribe(listener: StateListener): () => void;
  /** Deliver a pending notification now (shutdown, tests). */
  flush(): void;
  /** Stop notifying (pending timers cancelled). */
  close(): void;
}

export function createStateStore(initial: EngineState, clock: Clock, intervalMs = 100): StateStore {
  let state = share(undefined, initial);
  let notified = state;
  let lastNotifyAt = -Infinity;
  let cancelTimer: (() => void) | null = null;
  let closed = false;
  const listeners = new Set<StateListener>();

  const notify = (): void => {
    cancelTimer = null;
    if (notified === state) return;
    notified = state;
    lastNotifyAt = clock.now();
    for (const l of [...listeners]) l(state);
  };
  const schedule = (): void => {
    if (cancelTimer || closed || listeners.size === 0) return;
    const wait = Math.max(0, lastNotifyAt + intervalMs - clock.now());
    cancelTimer = clock.setTimer(wait, notify);
  };

  return {
    getState: () => state,
    update(next) {
      const shared = share(state, next(state));
      if (shared === state) return;
      state = shared;
      schedule();
    },
    subscribe(listener) {
      listeners.add(listener);
      if (notified !== state) schedule();
      return () => void listeners.delete(listener);
    },
    flush() {
      cancelTimer?.();
      notify();
    },
    close() {
      closed = true;
      cancelTimer?.();
      cancelTimer = null;
      listeners.clear();
    },
  };
}
