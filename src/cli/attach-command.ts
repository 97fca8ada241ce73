/**
 * `nexwave attach [--read-only]`: the console, fed from the engine running on the data dir
 * over its control socket. `d` (or `q`, or the terminal closing) detaches and leaves the
 * engine running; when the engine goes away the client says so and exits non-zero.
 */
import type { ControlClient } from '../data/control-socket/client.js';
import { renderConsole } from '../ui/render-console.js';
import type { CommandContext } from './context.js';
import { suggesterOf } from './invocation.js';
import { connectEngine } from './control.js';
import { watchTerminal } from './dead-terminal.js';
import { STATUS_EXIT } from './status-text.js';

/** Exit codes of `nexwave attach` (README "Commands"). */
export const ATTACH_EXIT = { detached: 0, failed: 1, notRunning: STATUS_EXIT.notRunning, engineGone: STATUS_EXIT.notRunning } as const;

export async function runAttach(ctx: CommandContext): Promise<number> {
  const client = await connectEngine(ctx, { readOnly: ctx.args.readOnly });
  if (client === null) {
    ctx.stderr.write(`nexwave attach: no engine is running on data dir ${ctx.dataDir} (start one with \`${suggesterOf(ctx).command('')}\` or \`${suggesterOf(ctx).command('headless')}\`)\n`);
    return ATTACH_EXIT.notRunning;
  }
  return attachTo(ctx, client);
}

/** Show the console over `client` until the user detaches or the engine goes away. */
export async function attachTo(ctx: CommandContext, client: ControlClient, render: typeof renderConsole = renderConsole): Promise<number> {
  const stop = new AbortController();
  const detach = (): void => stop.abort();
  const ui = render({
    source: client.source, sink: client.sink, attached: { pid: client.engine.pid, startedAt: client.engine.startedAt },
    readOnly: client.readOnly, onQuit: detach, onDetach: detach,
  });
  // Closing the terminal (SIGHUP) or SIGINT/SIGTERM detach: the engine is another process and keeps running.
  const terminal = watchTerminal();
  let hungUp = false;
  const hangUp = (): void => {
    hungUp = true;
    terminal.gone();
    detach();
  };
  // Kept to the end once the terminal has gone: a second hang-up must not kill the exit.
  process.on('SIGHUP', hangUp);
  ctx.signal.addEventListener('abort', detach, { once: true });
  const ended = await Promise.race([
    client.closed.then((c) => ({ gone: c.byEngine, reason: c.reason })),
    ui.waitUntilExit().then(() => ({ gone: false, reason: '' })),
    new Promise<{ gone: false; reason: string }>((r) => stop.signal.addEventListener('abort', () => r({ gone: false, reason: '' }), { once: true })),
  ]);
  if (!hungUp) process.off('SIGHUP', hangUp);
  ctx.signal.removeEventListener('abort', detach);
  // Unmounting gives the screen back (renderConsole entered the alternate screen).
  ui.unmount();
  client.close();
  if (ended.gone) {
    ctx.stderr.write(`nexwave attach: the engine (pid ${client.engine.pid}) went away: ${ended.reason}\n`);
    return ATTACH_EXIT.engineGone;
  }
  ctx.stdout.write(`nexwave attach: detached; the engine keeps running (pid ${client.engine.pid}); \`${suggesterOf(ctx).command('attach')}\` to come back\n`);
  return ATTACH_EXIT.detached;
}
