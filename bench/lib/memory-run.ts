/**
 * One memory run: `bin/nexwave.js headless` as a child process, as a trader runs it, against
 * a venue in another process (the simulator's URLs), so the RSS sampled from /proc is the
 * engine's alone. Samples every 2 s; at the end a SIGINT, and the run's summary line.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/data/sql/migrations-dir.js';
import type { MemorySample } from './memory-trend.js';
import { childMemory } from './proc-sampler.js';

export interface MemoryCase {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly wsUrl: string;
  readonly apiUrl: string;
  readonly seconds: number;
  /** Node flags for the engine (a heap limit). */
  readonly nodeFlags?: readonly string[];
}

export interface MemoryRun {
  /** RSS (bytes) every 2 s from spawn to the stop. */
  readonly rss: readonly MemorySample[];
  /** VmHWM at the last sample (MB, 1e6 bytes): the peak, worker threads included. */
  readonly peakMb: number;
  readonly exitCode: number | null;
  /** The `run.summary` line the engine printed last (null if it printed none). */
  readonly summary: Record<string, unknown> | null;
}

/** Run the engine for `seconds`, then stop it with SIGINT (SIGKILL 60 s later if it hangs). */
export function runMemoryCase(c: MemoryCase): Promise<MemoryRun> {
  const bin = join(packageRoot(), 'bin', 'nexwave.js');
  const args = [...(c.nodeFlags ?? []), bin, 'headless', '--ws-url', c.wsUrl, '--api-url', c.apiUrl, '--data-dir', c.dataDir, ...(c.databaseUrl ? ['--database-url', c.databaseUrl] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: c.dataDir } });
  let tail = '';
  child.stdout.on('data', (d: Buffer) => {
    tail = (tail + d.toString()).slice(-64_000);
  });
  const rss: MemorySample[] = [];
  let peak = 0;
  const sample = (): void => {
    const s = child.pid === undefined ? null : childMemory(child.pid);
    if (!s) return;
    rss.push({ at: Date.now(), bytes: s.rss });
    peak = Math.max(peak, s.hwm);
  };
  const sampler = setInterval(sample, 2_000);
  const stop = setTimeout(() => child.kill('SIGINT'), c.seconds * 1_000);
  const kill = setTimeout(() => child.kill('SIGKILL'), (c.seconds + 60) * 1_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      for (const t of [stop, kill]) clearTimeout(t);
      clearInterval(sampler);
      resolve({ rss, peakMb: peak / 1e6, exitCode: code, summary: lastSummary(tail) });
    });
  });
}

function lastSummary(text: string): Record<string, unknown> | null {
  const line = text.split('\n').reverse().find((l) => l.includes('"event":"run.summary"'));
  if (!line) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
