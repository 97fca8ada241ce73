/**
 * `nexwave` / `nexwave console`: the engine with the terminal UI, full screen in the
 * alternate screen (the scrollback is as before on exit). The control plane is created
 * and painted first, then the database opens and the engine starts while the console
 * shows the phases. Logs go to <data dir>/logs/console.log (and the log panel), never
 * over the screen. q / Ctrl-C stop gracefully; quitting never flattens.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { renderConsole } from '../ui/render-console.js';
import type { EngineControl } from '../engine/app/spine/engine-control.js';
import { claimDataDir } from '../data/files/data-root.js';
import { ENGINE_STOP_MS } from '../engine/app/stop-bounded.js';
import { isStopped, within } from '../engine/app/within.js';
import { systemClock } from '../engine/ports/clock.js';
import type { Runtime } from './compose-runtime.js';
import { createRuntimeControl, resolveVenue } from './runtime-control.js';
import type { CommandContext } from './context.js';
import { interruptedExitCode, stopCause } from './exit-codes.js';
import { suggesterOf } from './invocation.js';
import { createJsonLogger } from './json-logger.js';
import { serveControl } from './control.js';
import { attachIfRunning, installDetach, type Detacher } from './detach.js';
import { errorMessage } from '../engine/core/error-message.js';

/** The hint for a stdout that is not a terminal (piped, redirected, cron): the same engine, headless. */
export function notTtyHint(ctx: CommandContext): string {
  const flags = [
    ctx.args.sim ? `--sim --speed ${ctx.args.speed} --seed ${ctx.args.seed}` : '',
    ctx.args.backfill ? '' : '--no-backfill',
  ].filter(Boolean);
  const suggest = suggesterOf(ctx);
  return [
    'nexwave console: stdout is not a terminal, so the full-screen console cannot run here.',
    `Run the same engine without it:  ${suggest.command(['headless', ...flags].join(' '))}`,
    ...(suggest.note ? [suggest.note] : []),
    `(JSON-lines logs on stdout; add --duration <seconds> to stop it by itself)`,
    `data dir: ${ctx.dataDir}`,
    '',
  ].join('\n');
}

/** The console's log file: JSON lines at the configured level, appended. */
function openLogFile(ctx: CommandContext): { stream: WriteStream; path: string } {
  // Refuses a directory that is not a Nexwave data dir before anything is written in it.
  claimDataDir(ctx.dataDir);
  const dir = join(ctx.dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'console.log');
  const stream = createWriteStream(path, { flags: 'a' });
  // A full disk must not take the console down: the log panel still has the tail.
  stream.on('error', () => {});
  return { stream, path };
}

export async function runConsole(ctx: CommandContext): Promise<number> {
  const stdout = ctx.stdout.tty;
  if (stdout?.isTTY !== true) {
    ctx.stderr.write(notTtyHint(ctx));
    return 2;
  }
  // An engine already running on this data dir: attach to it instead of starting another.
  const attached = await attachIfRunning(ctx);
  if (attached !== null) return attached;
  const log = openLogFile(ctx);
  const logger = createJsonLogger({ level: ctx.config.logLevel, write: (l) => void log.stream.write(l) });
  const c: CommandContext = { ...ctx, logger };
  const control = createRuntimeControl(c, await resolveVenue(c));
  // The control socket from the start: a second engine is refused, `nexwave attach` sees the start-up.
  const served = await serveControl(c, control);
  const quit = new AbortController();
  let detacher: Detacher | null = null;
  const stop = (why: string): void => {
    if (quit.signal.aborted) return;
    logger.info('console.stopping', { why, detached: detacher?.detached() ?? false });
    control.phase('stopping');
    quit.abort();
  };
  const onSignal = (): void => stop('SIGTERM');
  // A closed stdout is the terminal going away: the detach below handles it and the engine
  // keeps running; SIGTERM (handled here too, as ctx.signal aborts only once) stops it.
  const onAbort = (): void => (stopCause(ctx.signal) === 'stdout closed' ? undefined : stop(stopCause(ctx.signal) ?? 'stopped'));
  if (ctx.signal.aborted) onAbort();
  else ctx.signal.addEventListener('abort', onAbort, { once: true });
  process.on('SIGTERM', onSignal);
  // console.* from any library goes to the log file and the log panel, never over the screen.
  const ui = renderConsole({ source: control.source, sink: control.sink, stdout, onQuit: () => stop('quit from the console'), log: (level, text) => control.logger[level]('console.output', { text }) });
  // The terminal gone (SIGHUP, EIO): the UI is unmounted and the engine keeps running for `nexwave attach`.
  detacher = installDetach({ ui, logger: control.logger, socketPath: served.path, attachCommand: suggesterOf(ctx).command('attach') });
  // The UI gone for any other reason (q, a render error) stops the engine: never an engine behind a dead screen.
  let uiError: string | null = null;
  ui.waitUntilExit().then(() => (detacher?.detached() ? undefined : stop('the console closed')), (err: unknown) => {
    uiError = `the console stopped: ${errorMessage(err)}`;
    stop(uiError);
  });
  let result: RunResult = { code: 0, error: null };
  try {
    result = await runEngine(c, control, quit.signal);
  } finally {
    detacher?.dispose();
    ui.unmount();
    await served.close();
    ctx.signal.removeEventListener('abort', onAbort);
    process.off('SIGTERM', onSignal);
    logger.info('console.stopped', { code: result.code || (uiError ? 1 : 0) });
    await new Promise<void>((resolve) => log.stream.end(resolve));
  }
  const error = result.error ?? uiError;
  if (error) ctx.stderr.write(`nexwave console: ${error}\n`);
  const code = result.code || (uiError ? 1 : 0);
  ctx.stdout.write(`nexwave console: stopped (exit ${code}); log: ${log.path}\n`);
  return code;
}

interface RunResult {
  readonly code: number;
  readonly error: string | null;
}

async function runEngine(ctx: CommandContext, control: EngineControl, quit: AbortSignal): Promise<RunResult> {
  let runtime: Runtime;
  try {
    const { openRuntime } = await import('./compose-runtime.js');
    runtime = await openRuntime(ctx, control, { signal: quit });
  } catch (err) {
    control.close();
    // q or a signal while the database opens ends start-up at the step it is on.
    if (isStopped(err)) return { code: stopCause(ctx.signal) ? interruptedExitCode(ctx.signal) : 0, error: null };
    ctx.logger.error('console.open_failed', { error: errorMessage(err) });
    throw err;
  }
  const { engine } = runtime;
  const onQuit = (): void => void engine.stop();
  quit.addEventListener('abort', onQuit, { once: true });
  let error: string | null = null;
  try {
    if (!quit.aborted) await engine.start();
    await new Promise<void>((resolve) => (quit.aborted ? resolve() : quit.addEventListener('abort', () => resolve(), { once: true })));
  } catch (err) {
    // q during start-up ends it at the step it is on: a quit, not a failure.
    if (!(quit.aborted && isStopped(err))) {
      error = errorMessage(err);
      ctx.logger.error('console.failed', { error });
    }
  } finally {
    quit.removeEventListener('abort', onQuit);
  }
  try {
    await within(systemClock, ENGINE_STOP_MS, 'stopping the engine', engine.stop(), 'APP.STOP_TIMEOUT');
  } catch (err) {
    error ??= `stopping failed: ${errorMessage(err)}`;
    ctx.logger.error('console.stop_failed', { error: errorMessage(err) });
  } finally {
    await runtime.close();
  }
  return { code: error === null ? 0 : 1, error };
}
