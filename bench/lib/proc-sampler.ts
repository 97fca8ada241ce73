/**
 * CPU and RSS of this process while a benchmark runs. CPU is user+system time over wall
 * time (100% = one core busy; worker threads such as PGlite's count too). RSS is sampled
 * every 50 ms for the peak, because the end-of-run RSS hides the backlog a burst built up.
 */

import { readFileSync } from 'node:fs';

/** VmRSS and VmHWM (peak, worker threads included) of another process, in bytes; null once it is gone. */
export function childMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** What a sampler saw between start and stop. */
export interface ProcUsage {
  readonly cpuPct: number;
  readonly peakRssMb: number;
}

/** Start sampling now; call the returned function to stop and read the figures. */
export function sampleProcess(): () => ProcUsage {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    const cpu = process.cpuUsage(cpu0);
    const wallMs = Math.max(1, performance.now() - t0);
    return { cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, peakRssMb: peak / 1_048_576 };
  };
}
