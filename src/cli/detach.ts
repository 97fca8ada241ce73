/**
 * The in-process console outliving its terminal. When the terminal goes away (SIGHUP from
 * a dropped SSH session or a killed tmux pane, or EIO/EPIPE writing to it), the UI is
 * unmounted, further terminal I/O errors are ignored, and the engine keeps running with
 * its control socket, ready for `nexwave attach`; logs already go to the console's log
 * file. And a second `nexwave` on a data dir whose engine runs attaches to it instead of
 * starting another engine.
 */
import type { Logger } from '../engine/ports/logger.js';
import { attachTo } from './attach-command.js';
import type { CommandContext } from './context.js';
import { connectEngine } from './control.js';
import { watchTerminal } from './dead-terminal.js';

export interface DetachOptions {
  readonly ui: { unmount(): void };
  /** The console's logger (to its log file, not the terminal). */
  readonly logger: Logger;
  /** The control socket the engine serves (for the log line). */
  readonly socketPath: string;
  /** The command that attaches again, as the user would type it (for the log line). */
  readonly attachCommand: string;
  /** Streams of the terminal (default process.stdin/stdout/stderr). */
  readonly streams?: readonly NodeJS.EventEmitter[];
  /** Called once, after the UI was unmounted. */
  readonly onDetached?: (why: string) => void;
}

export interface Detacher {
  detached(): boolean;
  /** Remove the handlers (the console is stopping). */
  dispose(): void;
}

const TERMINAL_GONE = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF', 'ECONNRESET']);

export function installDetach(o: DetachOptions): Detacher {
  const streams = o.streams ?? [process.stdin, process.stdout, process.stderr];
  const terminal = watchTerminal();
  let detached = false;
  const detach = (why: string): void => {
    if (detached) return;
    detached = true;
    terminal.gone();
    try {
      o.ui.unmount();
    } catch {
      // the terminal is gone; there is nothing left to draw on
    }
    o.logger.warn('console.detached', { why, engine: 'keeps running', pid: process.pid, socket: o.socketPath, attach: o.attachCommand });
    o.onDetached?.(why);
  };
  const onHup = (): void => detach('SIGHUP: the terminal went away');
  const onError = (err: NodeJS.ErrnoException): void => {
    // A write to a closed terminal must never become an uncaught error that stops the engine.
    if (TERMINAL_GONE.has(err.code ?? '')) detach(`terminal ${err.code ?? 'error'}`);
    else o.logger.warn('console.terminal_error', { error: err.message });
  };
  process.on('SIGHUP', onHup);
  for (const s of streams) s.on('error', onError);
  return {
    detached: () => detached,
    dispose() {
      process.off('SIGHUP', onHup);
      // Error listeners stay: after a detach the console's last writes still hit a dead terminal.
      if (!detached) for (const s of streams) s.off('error', onError);
    },
  };
}

/**
 * For `nexwave`: when an engine already runs on the data dir, say so and attach to it
 * (the exit code of the attach); null when none runs and this process should start one.
 */
export async function attachIfRunning(ctx: CommandContext, render?: Parameters<typeof attachTo>[2]): Promise<number | null> {
  const client = await connectEngine(ctx, { readOnly: false });
  if (client === null) return null;
  const s = client.source.getState();
  ctx.stderr.write(`nexwave: an engine is already running on data dir ${ctx.dataDir} (pid ${s.run.pid}, ${s.run.venue}, ${s.run.mode}); attaching to it instead of starting another\n`);
  return attachTo(ctx, client, render);
}
