/**
 * The built CLI as a child process, driven like a user drives it: wait for a line, send a
 * signal, close its stdout, then wait (with a deadline) for it to exit and read its summary.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { vi } from 'vitest';
import { MAIN } from './built.js';

export interface CliChild {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code, or null when the process was still running after `ms` (it is then killed). */
  exit(ms: number): Promise<number | null>;
  /** Wait until stdout matches `pattern`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Ms from the summary reaching stdout or stderr to the process's exit (null: not both seen yet). */
  summaryToExitMs(): number | null;
}

export function startCli(args: readonly string[], env: Record<string, string>): CliChild {
  const proc = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let summaryAt: number | null = null;
  let exitedAt: number | null = null;
  const seen = (text: string): void => void (summaryAt ??= text.includes('"event":"run.summary"') ? performance.now() : null);
  proc.stdout.on('data', (d: Buffer) => ((out += d.toString()), seen(out)));
  proc.stdout.on('error', () => undefined);
  proc.stderr.on('data', (d: Buffer) => ((err += d.toString()), seen(err)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code, signal) => ((exitedAt = performance.now()), resolve(code ?? (signal ? -1 : null)))));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    summaryToExitMs: () => (summaryAt === null || exitedAt === null ? null : exitedAt - summaryAt),
    async exit(ms) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
      const code = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (code === null) {
        proc.kill('SIGKILL');
        await exited;
      }
      return code;
    },
    async waitFor(pattern, ms = 60_000) {
      await vi.waitFor(() => {
        if (!pattern.test(out)) throw new Error(`no ${String(pattern)} in stdout yet:\n${out.slice(-2_000)}\n${err.slice(-2_000)}`);
      }, { timeout: ms, interval: 50 });
    },
  };
}

/** The `run.summary` line of `text` (stdout, or stderr when stdout was closed), which must be its last line. */
export function summaryOf(text: string): Record<string, unknown> {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const line = lines.at(-1);
  if (!lines.some((l) => l.includes('"event":"run.summary"'))) throw new Error(`no run.summary in:\n${text.slice(-3_000)}`);
  if (!line?.includes('"event":"run.summary"')) throw new Error(`run.summary is not the last line; it is followed by:\n${lines.slice(lines.findIndex((l) => l.includes('"event":"run.summary"')) + 1).join('\n').slice(0, 3_000)}`);
  return JSON.parse(line) as Record<string, unknown>;
}
