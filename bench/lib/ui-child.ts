/**
 * Child-process entry for the ui benchmark: runs `nexwave console` (or `headless`, the
 * baseline) through the real CLI pipeline with stdout a counting pseudo-terminal, so the
 * figures are the console process's own: CPU (all threads), event-loop delay and bytes
 * written to the terminal. argv[2] is JSON: { command, argv, columns, rows }. The parent
 * asks over IPC: { op: 'measure', seconds } then { op: 'stop' }.
 */
import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runCli } from '../../src/cli/run-cli.js';

export interface UiChildOptions {
  readonly argv: readonly string[];
  readonly columns: number;
  readonly rows: number;
}

export interface UiMeasure {
  readonly cpuPct: number;
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  readonly bytesPerSec: number;
  /** ms from process start to the first real frame: the header's PAPER / LIVE! on the terminal (null for headless). */
}

export type UiChildRequest = { readonly op: 'measure'; readonly seconds: number } | { readonly op: 'stop' };

/** A terminal that counts what it is sent (the console's only output). */
class CountingTty extends EventEmitter {
  readonly isTTY = true;
  /** The console draws on the Output's terminal (see CommandContext's Output.tty). */
  get tty(): this {
    return this;
  }
  bytes = 0;
  constructor(readonly columns: number, readonly rows: number) {
    super();
  }
  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measure(tty: CountingTty, seconds: number): Promise<UiMeasure> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const cpu0 = process.cpuUsage();
  const b0 = tty.bytes;
  const t0 = performance.now();
  loop.enable();
  await sleep(seconds * 1_000);
  loop.disable();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuPct: ((cpu.user + cpu.system) / 1_000 / wall) * 100,
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
    bytesPerSec: ((tty.bytes - b0) / wall) * 1_000,
  };
}

function main(): void {
  // As bin/nexwave (src/cli/main.ts) runs it: React's production build.
  process.env.NODE_ENV ??= 'production';
  const opts = JSON.parse(process.argv[2] ?? '{}') as UiChildOptions;
  const tty = new CountingTty(opts.columns, opts.rows);
  const stop = new AbortController();
  const sink = { write: () => true };
  const running = runCli(opts.argv, {
    env: { ...process.env, NO_COLOR: '' },
    cwd: process.cwd(),
    stdout: tty as unknown as NodeJS.WriteStream,
    stderr: sink,
    signal: stop.signal,
  });
  process.on('message', (req: UiChildRequest) => {
    if (req.op === 'measure') void measure(tty, req.seconds).then((m) => process.send?.(m));
    if (req.op === 'stop') {
      stop.abort();
      void running.then((code) => process.send?.({ exit: code }, () => process.exit(0)));
    }
  });
  process.send?.({ ready: true });
}

main();
