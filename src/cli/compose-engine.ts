/**
 * The engine commands: `headless` (engine without a TUI, JSON-lines logs on stdout,
 * a one-line JSON summary last), `sim` (the Pacifica-compatible simulator alone) and
 * `backtest`.
 */
import { startSimulator } from '../data/simulator/index.js';
import { runBacktestCommand } from './backtest-command.js';
import type { CommandContext } from './context.js';
import { createRuntimeControl, openRuntime, type Runtime } from './compose-runtime.js';
import { serveControl } from './control.js';

const STATUS_EVERY_MS = 10_000;

/** Process memory in MB (rss, JS heap, and external/array buffers, where PGlite's wasm memory lives). */
function memoryMb(): Record<string, number> {
  const m = process.memoryUsage();
  const mb = (n: number): number => Math.round(n / 1e6);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
}

/**
 * `nexwave headless`: run until --duration elapses or SIGINT/SIGTERM; flush and summarise.
 * The control socket is served from the start (a second engine on the data dir is refused
 * before anything opens) until the engine has stopped.
 */
export async function runHeadless(ctx: CommandContext): Promise<number> {
  const control = createRuntimeControl(ctx);
  const served = await serveControl(ctx, control);
  try {
    return await runServed(ctx, await openRuntime(ctx, control));
  } finally {
    await served.close();
  }
}

async function runServed(ctx: CommandContext, runtime: Runtime): Promise<number> {
  const { engine, where } = runtime;
  ctx.logger.info('headless.starting', { venue: runtime.venue, database: where.database, dataDir: where.dataDir, wsUrl: where.wsUrl, apiUrl: where.apiUrl });
  // --duration counts from here, start-up included; a stop during start (e.g. the venue is
  // unreachable and start is still waiting on it) stops the engine where it is.
  const stop = stopSignal(ctx);
  const onStop = (): void => void engine.stop();
  stop.signal.addEventListener('abort', onStop, { once: true });
  let code = 0;
  try {
    await engine.start();
    await waitForAbort(stop.signal, () => ctx.logger.info('engine.status', { ...engine.status(), memory: memoryMb() }));
  } catch (err) {
    ctx.logger.error('headless.failed', { error: err instanceof Error ? err.message : String(err) });
    code = 1;
  } finally {
    stop.dispose();
    stop.signal.removeEventListener('abort', onStop);
  }
  code = (await shutdown(ctx, runtime)) || code;
  ctx.stdout.write(`${JSON.stringify({ event: 'run.summary', exitCode: code, ...engine.summary() })}\n`);
  return code;
}

/** Aborted by SIGINT/SIGTERM (ctx.signal) or when --duration elapses. */
function stopSignal(ctx: CommandContext): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const timer = ctx.args.duration === undefined ? undefined : setTimeout(abort, ctx.args.duration * 1_000);
  if (ctx.signal.aborted) abort();
  else ctx.signal.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', abort);
    },
  };
}

/** Resolve when `signal` aborts; `tick` runs every status period meanwhile. */
function waitForAbort(signal: AbortSignal, tick: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setInterval(tick, STATUS_EVERY_MS);
    signal.addEventListener('abort', () => (clearInterval(timer), resolve()), { once: true });
  });
}

async function shutdown(ctx: CommandContext, runtime: Runtime): Promise<number> {
  try {
    await runtime.engine.stop();
    return 0;
  } catch (err) {
    ctx.logger.error('headless.stop_failed', { error: err instanceof Error ? err.message : String(err) });
    return 1;
  } finally {
    await runtime.close();
  }
}

/** `nexwave sim`: serve the simulator on loopback until SIGINT/SIGTERM. */
export async function runSim(ctx: CommandContext): Promise<number> {
  const { port, seed, speed, pairs } = ctx.args;
  const sim = await startSimulator({ port, seed, speed, ...(pairs ? { pairs } : {}) });
  ctx.stdout.write(
    [
      `nexwave sim: seed ${seed}, speed ${speed}x, ${sim.symbols.length} pairs`,
      `  WebSocket  ${sim.wsUrl}`,
      `  REST       ${sim.apiUrl}`,
      `  control    ${sim.controlUrl}`,
      `connect with: nexwave headless --ws-url ${sim.wsUrl} --api-url ${sim.apiUrl}`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const stop = stopSignal(ctx);
  await waitForAbort(stop.signal, () => ctx.logger.info('sim.status', { trades: sim.ledger.count() }));
  stop.dispose();
  await sim.stop();
  ctx.stdout.write(`nexwave sim: stopped after ${sim.ledger.count()} trades\n`);
  return 0;
}

/** `nexwave backtest`: the strategy over stored candles with the paper fill model. */
export async function runBacktest(ctx: CommandContext): Promise<number> {
  return runBacktestCommand(ctx);
}
