/**
 * Commands a control client has sent and not yet had answered. Every one is answered
 * exactly once: by the engine's result, by its deadline, or as refused when the
 * connection ends (its outcome is then unknown, and the answer says so).
 */
import { refused, type Command, type CommandResult } from '../../engine/core/spine/command.js';

export interface Requests {
  send(command: Command): Promise<CommandResult>;
  /** The engine's answer for `id` (ignored when nothing waits on it). */
  answer(id: number, result: CommandResult): boolean;
  /** The connection ended: answer everything still waiting, refuse what comes later. */
  close(reason: string): void;
}

export function createRequests(write: (line: string) => void, timeoutMs: number): Requests {
  const waiting = new Map<number, (r: CommandResult) => void>();
  let closed: string | null = null;
  let nextId = 1;
  return {
    send(command) {
      return new Promise((resolve) => {
        if (closed !== null) return resolve(refused('CONTROL.DISCONNECTED', `not connected to the engine (${closed}); nothing was sent`));
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(refused('CONTROL.TIMEOUT', `no answer from the engine within ${timeoutMs / 1000} s; the command's outcome is unknown`));
        }, timeoutMs);
        waiting.set(id, (r) => (clearTimeout(timer), resolve(r)));
        write(`${JSON.stringify({ t: 'command', id, command })}\n`);
      });
    },
    answer(id, result) {
      const done = waiting.get(id);
      waiting.delete(id);
      done?.(result);
      return done !== undefined;
    },
    close(reason) {
      closed ??= reason;
      for (const [, done] of waiting) done(refused('CONTROL.DISCONNECTED', `the connection to the engine ended (${reason}); the command's outcome is unknown`));
      waiting.clear();
    },
  };
}
