/**
 * Start to all-34-ready against the in-process simulator, through the app's own
 * composition (openRuntime + engine.start, as `nexwave headless --sim` runs): a cold start
 * with backfill on an empty database, then a restart from the stored history with backfill
 * off. The clock starts before the store is opened, so migrations and the simulator's
 * start-up are inside the figure.
 */
import { createSuggester } from '../../src/cli/invocation.js';
import { parseConfig } from '../../src/engine/app/config.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { openRuntime } from '../../src/cli/compose-runtime.js';
import type { CommandContext } from '../../src/cli/context.js';
import { pollUntil } from './bench-args.js';
import { engineProbe } from '../../src/engine/app/engine-probe.js';

/** One start: how long until every active pair was ready (null: not within the timeout). */
export interface ReadyResult {
  readonly ms: number | null;
  readonly ready: number;
  readonly total: number;
  readonly backfilled: number;
}

function context(dataDir: string, databaseUrl: string | undefined, backfill: boolean): CommandContext {
  const parsed = parseConfig({ NEXWAVE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, BACKFILL: String(backfill), LOG_LEVEL: 'silent' });
  if (!parsed.ok) throw new Error(`bench config: ${parsed.errors.join('; ')}`);
  const sink = { write: () => true };
  return {
    command: 'headless', config: parsed.config, dataDir, logger: silentLogger, stdout: sink, stderr: sink, signal: new AbortController().signal,
    suggest: createSuggester('nexwave', { text: '', passwordHidden: false }),
    args: { sim: true, backfill, duration: undefined, speed: 1, seed: 7, port: 0, pairs: undefined, symbols: undefined, from: undefined, to: undefined, out: undefined, envFile: undefined, json: false, readOnly: false, confirm: undefined },
  };
}

/** Open the runtime, start the engine, wait for all pairs ready (or `timeoutMs`), stop. */
export async function timeStartToReady(dataDir: string, databaseUrl: string | undefined, backfill: boolean, timeoutMs: number): Promise<ReadyResult> {
  const t0 = performance.now();
  const runtime = await openRuntime(context(dataDir, databaseUrl, backfill));
  const { engine } = runtime;
  let readyAt: number | null = null;
  const readiness = (): { ready: number; total: number } => {
    const all = engineProbe(engine).readiness();
    return { ready: all.filter((r) => r.ready).length, total: all.length };
  };
  const watch = pollUntil(() => {
    const r = readiness();
    if (r.total > 0 && r.ready === r.total) readyAt ??= performance.now();
    return readyAt !== null;
  }, timeoutMs);
  try {
    await engine.start();
    await watch;
    const r = readiness();
    return { ms: readyAt === null ? null : readyAt - t0, ready: r.ready, total: r.total, backfilled: engine.summary().backfilledCandles };
  } finally {
    await engine.stop().catch(() => undefined);
    await runtime.close();
  }
}
