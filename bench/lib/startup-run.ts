/**
 * One start-up measurement: `bin/nexwave.js headless --sim` as a child process, as a user
 * starts it. Times from spawn to the first line on stdout and to the first `feed.live` (the
 * collector is receiving), and samples the child's /proc status every 100 ms for its peak
 * (VmHWM, worker threads included) and its RSS over the run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/data/sql/migrations-dir.js';
import { childMemory } from './proc-sampler.js';

export interface StartupResult {
  readonly firstLineMs: number | null;
  readonly readyMs: number | null;
  readonly peakRssMb: number | null;
  /** Mean RSS over the last third of the run (the steady state of a long enough run). */
  readonly steadyRssMb: number | null;
  readonly exitCode: number | null;
}

export interface StartupCase {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly seconds: number;
  readonly speed: number;
}

/** Run one case to its --duration (plus a deadline) and report what was seen. */
export function runStartup(c: StartupCase): Promise<StartupResult> {
  const bin = join(packageRoot(), 'bin', 'nexwave.js');
  const args = [bin, 'headless', '--sim', '--speed', String(c.speed), '--duration', String(c.seconds), '--data-dir', c.dataDir, ...(c.databaseUrl ? ['--database-url', c.databaseUrl] : [])];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: c.dataDir } });
  let firstLineMs: number | null = null;
  let readyMs: number | null = null;
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    const now = performance.now() - t0;
    firstLineMs ??= now;
    text += d.toString();
    if (readyMs === null && text.includes('"event":"feed.live"')) readyMs = now;
    if (text.length > 1_000_000) text = text.slice(-1_000);
  });
  let peak = 0;
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const b = child.pid === undefined ? null : childMemory(child.pid);
    if (!b) return;
    const m = { hwm: b.hwm / 1_048_576, rss: b.rss / 1_048_576 };
    peak = Math.max(peak, m.hwm);
    rss.push(m.rss);
  }, 100);
  // --duration counts from start-up; the deadline covers a start or a stop that hangs.
  const deadline = setTimeout(() => child.kill('SIGKILL'), (c.seconds + 60) * 1_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(deadline);
      const tail = rss.slice(Math.floor((rss.length * 2) / 3));
      resolve({
        firstLineMs, readyMs, exitCode: code,
        peakRssMb: peak > 0 ? peak : null,
        steadyRssMb: tail.length > 0 ? tail.reduce((a, b) => a + b, 0) / tail.length : null,
      });
    });
  });
}
