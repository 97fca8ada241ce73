/**
 * The two things every surface (console, control socket, `nexwave status`) needs from an
 * engine, in-process or across a socket: a state to read and a place to send commands.
 */
import type { Command, CommandOrigin, CommandResult } from './command.js';
import type { EngineEvent } from './engine-event.js';
import type { EngineState } from './engine-state.js';

/** Read with React's useSyncExternalStore: `subscribe` notifies, `getState` returns the latest snapshot. */
export interface StateSource {
  getState(): EngineState;
  /** Notified at most about every 100 ms with the latest state; returns an unsubscribe function. */
  subscribe(listener: (state: EngineState) => void): () => void;
}

export interface CommandSink {
  /** Never rejects: a failure is a refused result with a readable reason. */
  execute(command: Command, origin: CommandOrigin): Promise<CommandResult>;
}

/** What happened, as it happens (the control socket's `events` subscription, tests). */
export interface EventSource {
  /** Every EngineEvent, synchronously after the state took it in; returns an unsubscribe function. */
  onEvent(listener: (e: EngineEvent) => void): () => void;
}
