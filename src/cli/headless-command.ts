/**
 * `nexwave headless`: the engine without a UI, JSON-lines logs on stdout and a one-line
 * JSON summary last. Runs until --duration elapses, SIGINT/SIGTERM, or stdout is closed by
 * its reader; a stop during start-up ends start-up at the step it is on. The summary's
 * `exitCode` is the process's exit code (see exit-codes.ts).
 */
import type { EngineControl } from '../engine/app/spine/engine-control.js';
import { ENGINE_STOP_MS } from '../engine/app/stop-bounded.js';
import { isStopped, within } from '../engine/app/within.js';
import { systemClock } from '../engine/ports/clock.js';
import type { Engine } from '../engine/app/engine-types.js';
import { runSummary, type StatusFields } from '../engine/core/spine/projections.js';
import type { CommandContext } from './context.js';
import { createRuntimeControl, openRuntime, resolveVenue, type Runtime } from './compose-runtime.js';
import { serveControl } from './control.js';
import { exitReason, headlessExitCode, stopCause } from './exit-codes.js';
import { stopSignal, waitForAbort } from './stop-signal.js';
import { errorMessage } from '../engine/core/error-message.js';

const STATUS_EVERY_MS = 10_000;

/** Process memory in MB (rss, JS heap, and external/array buffers, where PGlite's wasm memory lives). */
function memoryMb(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (n: number): number => Math.round(n / 1e6);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}

/** Fields of the periodic `engine.status` line: the state's projection (statusFields) and the process's memory. */
export function statusLine(engine: Pick<Engine, 'status'>): StatusFields & { readonly memory: Record<string, number> } {
  return { ...engine.status(), memory: memoryMb() };
}

/**
 * The control socket (docs/control-socket.md) is served from the start, so a second engine
 * on the data dir is refused before anything opens, until the engine has stopped.
 */
export async function runHeadless(ctx: CommandContext): Promise<number> {
  const control = createRuntimeControl(ctx, await resolveVenue(ctx));
  const served = await serveControl(ctx, control);
  let end: RunEnd;
  try {
    end = await runServed(ctx, control);
  } finally {
    await served.close();
    control.close();
  }
  return finish(ctx, end);
}

/** How a run ended: its exit code and the summary, printed once everything has stopped. */
interface RunEnd {
  readonly code: number;
  readonly summary: Record<string, unknown>;
  readonly reason: string | null;
}

/**
 * The summary is the last line of stdout: everything was stopped and awaited before it, held-back
 * log counts are written first, and the logger is closed, so nothing winding down can follow it.
 */
function finish(ctx: CommandContext, end: RunEnd): number {
  if (ctx.logger.close) ctx.logger.close();
  else ctx.logger.flush?.();
  if (end.reason) ctx.stderr.write(`nexwave headless: exit ${end.code}: ${end.reason}\n`);
  // A reader that closed stdout still gets no summary there; stderr does.
  const out = ctx.stdout.closed === true ? ctx.stderr : ctx.stdout;
  out.write(`${JSON.stringify({ event: 'run.summary', ...end.summary })}\n`);
  return end.code;
}

async function runServed(ctx: CommandContext, control: EngineControl): Promise<RunEnd> {
  // --duration and the first signal count from here, start-up included.
  const stop = stopSignal(ctx);
  let runtime: Runtime | null = null;
  let failed = false;
  let startedUp = false;
  try {
    runtime = await openRuntime(ctx, control, { signal: stop.signal });
    startedUp = await runEngine(ctx, runtime, stop.signal);
  } catch (err) {
    if (!isStopped(err)) {
      ctx.logger.error('headless.failed', { error: errorMessage(err) });
      failed = true;
    }
  } finally {
    stop.dispose();
  }
  if (runtime && !(await shutdown(ctx, runtime))) failed = true;
  // Without a runtime (stopped or failed before it opened), the same projection of what the control plane saw.
  const summary = runtime?.engine.summary() ?? runSummary(control.spine.store.getState(), Date.now());
  const code = headlessExitCode({ failed, startedUp, cause: stopCause(ctx.signal), ticksReceived: summary.ticksReceived, ticksStored: summary.ticksStored });
  return {
    code,
    summary: { exitCode: code, ...(startedUp ? {} : { stoppedDuringStartup: true }), ...summary },
    reason: failed ? null : exitReason(code, summary.journaled),
  };
}

/** Start the engine and run until `signal` aborts; true when start-up finished first. */
async function runEngine(ctx: CommandContext, runtime: Runtime, signal: AbortSignal): Promise<boolean> {
  const { engine, where } = runtime;
  ctx.logger.info('headless.starting', { venue: runtime.venue, database: where.database, dataDir: where.dataDir, wsUrl: where.wsUrl, apiUrl: where.apiUrl });
  const onStop = (): void => void engine.stop();
  if (signal.aborted) return false;
  signal.addEventListener('abort', onStop, { once: true });
  try {
    await engine.start();
    const startedUp = !signal.aborted;
    await waitForAbort(signal, STATUS_EVERY_MS, () => ctx.logger.info('engine.status', statusLine(engine)));
    return startedUp;
  } finally {
    signal.removeEventListener('abort', onStop);
  }
}

/** Stop the engine (writer flushed or journaled) and close everything; false when the stop failed. */
async function shutdown(ctx: CommandContext, runtime: Runtime): Promise<boolean> {
  try {
    await within(systemClock, ENGINE_STOP_MS, 'stopping the engine', runtime.engine.stop(), 'APP.STOP_TIMEOUT');
    return true;
  } catch (err) {
    ctx.logger.error('headless.stop_failed', { error: errorMessage(err) });
    return false;
  } finally {
    await runtime.close();
  }
}
