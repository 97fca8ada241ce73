/**
 * The control socket of a running engine, for the commands: `serveControl` (headless and
 * the in-process console: claim the data dir for this engine and serve its state and
 * commands) and `connectEngine` (attach, status, flatten: reach the engine running on the
 * data dir, if any). See docs/control-socket.md.
 */
import { connectControl, type ControlClient } from '../data/control-socket/client.js';
import { controlPaths } from '../data/control-socket/paths.js';
import { secureDir, startControlServer } from '../data/control-socket/server.js';
import { checkDataDir } from '../data/files/data-root.js';
import { NexwaveError } from '../engine/core/errors.js';
import type { CommandSink, EventSource, StateSource } from '../engine/core/spine/state-source.js';
import type { Logger } from '../engine/ports/logger.js';
import type { CommandContext } from './context.js';
import { lockEngine } from './engine-lock.js';
import { suggesterOf } from './invocation.js';
import { appVersion } from './version.js';

export interface ServedControl {
  readonly path: string;
  clients(): number;
  /** Say goodbye to the clients, remove the socket and release the data dir. Idempotent. */
  close(reason?: string): Promise<void>;
}

/**
 * Claim the data dir for this engine (ENGINE.RUNNING when another engine has it) and serve
 * `control` on `<dataDir>/control.sock`. Call it before the database opens, so a second
 * engine is refused at once and attached consoles see the start-up phases.
 */
export async function serveControl(
  ctx: Pick<CommandContext, 'dataDir' | 'suggest'>,
  control: EventSource & { readonly source: StateSource; readonly sink: CommandSink; readonly logger: Logger },
): Promise<ServedControl> {
  const paths = controlPaths(ctx.dataDir);
  // run-cli checks it first too; here for callers that serve without the CLI.
  checkDataDir(ctx.dataDir);
  secureDir(paths.dir, control.logger);
  const release = lockEngine(ctx, 'cannot start');
  try {
    const server = await startControlServer({
      path: paths.socket, dir: paths.dir, source: control.source, sink: control.sink, logger: control.logger,
      events: { onEvent: (l) => control.onEvent(l) }, attachCommand: suggesterOf(ctx).command('attach'),
    });
    let closing: Promise<void> | null = null;
    return {
      path: server.path,
      clients: server.clients,
      close(reason = 'the engine stopped') {
        closing ??= server.close(reason).finally(release);
        return closing;
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** The engine running on the data dir, or null when none is (CONTROL.NOT_RUNNING). Other failures throw. */
export async function connectEngine(ctx: Pick<CommandContext, 'dataDir' | 'command'>, opts: { readOnly: boolean; timeoutMs?: number }): Promise<ControlClient | null> {
  const paths = controlPaths(ctx.dataDir);
  try {
    return await connectControl({ path: paths.socket, readOnly: opts.readOnly, client: `nexwave ${ctx.command} ${appVersion()}`, timeoutMs: opts.timeoutMs ?? 5_000 });
  } catch (err) {
    if (err instanceof NexwaveError && err.code === 'CONTROL.NOT_RUNNING') return null;
    throw err;
  }
}
