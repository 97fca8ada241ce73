/**
 * One ui benchmark case: a simulator (child) at a fixed trade rate and one `nexwave`
 * process (console or headless, child, see ui-child.ts) connected to it over loopback.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freshDir } from './databases.js';
import type { UiChildOptions, UiChildRequest, UiMeasure } from './ui-child.js';
import type { SimProcess } from './sim-process.js';

export interface UiCase {
  readonly command: 'console' | 'headless';
  readonly sim: SimProcess;
  readonly columns: number;
  readonly rows: number;
  /** Seconds after start before measuring (start-up, backfill, warm-up). */
  readonly warmSeconds: number;
  readonly seconds: number;
}

export interface UiResult extends UiMeasure {
  readonly command: string;
  readonly size: string;
  /** Trades the simulator emitted per second while measuring. */
  readonly offeredPerSec: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runUiCase(c: UiCase): Promise<UiResult> {
  const dir = freshDir('ui');
  const argv = [c.command, '--ws-url', c.sim.wsUrl, '--api-url', c.sim.apiUrl, '--data-dir', dir.value, '--log-level', 'info'];
  const opts: UiChildOptions = { argv, columns: c.columns, rows: c.rows };
  const script = fileURLToPath(new URL('./ui-child.js', import.meta.url));
  // Colours as a 256-colour terminal gets them, so the byte count is what SSH would carry.
  const child = fork(script, [JSON.stringify(opts)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, FORCE_COLOR: '2' } });
  const next = <T>(): Promise<T> => new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`nexwave ${c.command} exited early (${String(code)})`)));
  });
  const ask = <T>(req: UiChildRequest): Promise<T> => {
    const reply = next<T>();
    child.send(req);
    return reply;
  };
  try {
    await next<{ ready: true }>();
    await sleep(c.warmSeconds * 1_000);
    const before = await c.sim.count();
    const t0 = performance.now();
    const m = await ask<UiMeasure>({ op: 'measure', seconds: c.seconds });
    const after = await c.sim.count();
    const offered = ((after.count - before.count) / (performance.now() - t0)) * 1_000;
    await ask<{ exit: number }>({ op: 'stop' });
    return { ...m, command: c.command, size: c.command === 'console' ? `${c.columns}x${c.rows}` : '-', offeredPerSec: offered };
  } finally {
    if (child.exitCode === null) child.kill();
    rmSync(dir.value, { recursive: true, force: true });
  }
}
