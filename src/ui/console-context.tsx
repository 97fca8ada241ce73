/**
 * What every panel may use: the state source (read with narrow selectors), the command
 * sink, the session (attached, read-only), the clock and whether colours are allowed.
 * Given by props to <ConsoleApp>; never the engine object itself.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { EngineState } from '../engine/core/spine/engine-state.js';
import type { CommandSink, StateSource } from '../engine/core/spine/state-source.js';

export interface ConsoleSession {
  readonly source: StateSource;
  readonly sink: CommandSink;
  /** Set when this console watches an engine in another process (`nexwave attach`). */
  readonly attached: { readonly pid: number; readonly startedAt: number } | null;
  readonly readOnly: boolean;
  /** Wall clock (epoch ms); tests pin it. */
  readonly now: () => number;
  /** NO_COLOR: words and weight only, no colours. */
  readonly noColor: boolean;
}

const SessionContext = createContext<ConsoleSession | null>(null);
export const SessionProvider = SessionContext.Provider;

export function useSession(): ConsoleSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('console panels need a <SessionProvider>');
  return s;
}

/**
 * A slice of the engine state. Selectors must return stored references (a slice of the
 * state, not a new object), so a panel re-renders only when its slice changed.
 */
export function useEngine<T>(selector: (s: EngineState) => T): T {
  const { source } = useSession();
  return useSyncExternalStore(source.subscribe, () => selector(source.getState()));
}
