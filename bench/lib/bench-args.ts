/**
 * Flags shared by the benchmarks: `--json` (one JSON document on stdout), `--quick` (the
 * smoke test's tiny run), `--seconds <n>` (duration of each timed run) and `--only <a,b>`
 * (a subset of the runs, by the names the bench prints). Anything else is a usage error.
 */
import { NexwaveError } from '../../src/engine/core/errors.js';

/** Parsed benchmark flags. */
export interface BenchArgs {
  readonly json: boolean;
  readonly quick: boolean;
  readonly seconds: number | undefined;
  readonly only: readonly string[] | undefined;
}

const usage = (bench: string, why: string): NexwaveError =>
  new NexwaveError('CONFIG.INVALID', `bench ${bench}: ${why}; usage: npm run bench -- ${bench} [--json] [--quick] [--seconds <n>] [--only <a,b>]`);

/** Parse argv (after the bench name). */
export function parseBenchArgs(bench: string, argv: readonly string[]): BenchArgs {
  let json = false;
  let quick = false;
  let seconds: number | undefined;
  let only: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--quick') quick = true;
    else if (a === '--seconds') {
      seconds = Number(argv[++i]);
      if (!(seconds > 0)) throw usage(bench, `--seconds needs a positive number, got ${String(argv[i])}`);
    } else if (a === '--only') {
      only = String(argv[++i] ?? '').split(',').filter((s) => s !== '');
      if (only.length === 0) throw usage(bench, '--only needs a comma-separated list');
    } else throw usage(bench, `unknown argument ${String(a)}`);
  }
  return { json, quick, seconds, only };
}

/** Resolve after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` every 20 ms until true; false if `timeoutMs` passes first. */
export async function pollUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (await cond()) return true;
    await sleep(20);
  }
  return cond();
}
