/**
 * Commands a control client has sent and not yet had answered. Every one is answered
 * exactly once: by the engine's result, by its deadline, or as refused when the
 * connection ends (its outcome is then unknown, and the answer says so).
 */
import { refused, type ClaimedOrigin, type Command, type CommandResult } from '../../engine/core/spine/command.js';
import type { CommandFrame } from '../../engine/core/spine/control-protocol.js';

export interface Requests {
  /** `origin`: where the command came from on this side (a console key, a CLI command), for the engine's log. */
  send(command: Command, origin?: ClaimedOrigin): Promise<CommandResult>;
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
    send(command, origin) {
      return new Promise((resolve) => {
        if (closed !== null) return resolve(refused('CONTROL.DISCONNECTED', `not connected to the engine (${closed}); nothing was sent`));
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(refused('CONTROL.TIMEOUT', `no answer from the engine within ${timeoutMs / 1000} s; the command's outcome is unknown`));
        }, timeoutMs);
        waiting.set(id, (r) => (clearTimeout(timer), resolve(r)));
        const frame: CommandFrame = origin ? { t: 'command', id, command, origin } : { t: 'command', id, command };
        write(`${JSON.stringify(frame)}\n`);
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
