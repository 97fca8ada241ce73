/**
 * One attach benchmark run: the simulator (child process) at a fixed trade rate, a real
 * `nexwave headless` engine (child process, built CLI) serving its control socket, and in
 * this process only the attached client, so its CPU figure is the client's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { connectControl, type ControlClient } from '../../src/data/control-socket/client.js';
import { renderConsole } from '../../src/ui/render-console.js';
import { pollUntil, sleep } from './bench-args.js';
import { freshDir } from './databases.js';
import { sampleProcess } from './proc-sampler.js';
import { forkSimulator } from './sim-process.js';
import { spread, type Spread } from './stats.js';

export interface AttachResult {
  readonly requestedPerSec: number;
  /** Trades the engine received per second while measured (its own meter, averaged). */
  readonly engineTicksPerSec: number;
  readonly seconds: number;
  readonly bytesPerSec: number;
  readonly framesPerSec: number;
  readonly clientCpuPct: number;
  /** The same client with the console rendering its state into a 120x40 terminal stand-in. */
  readonly consoleCpuPct: number;
  /** Connect until the full state is in (ms). */
  readonly firstStateMs: Spread;
  /** Connect until the console's first frame is written (ms). */
  readonly firstPaintMs: Spread;
  readonly fullStateBytes: number;
}

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export async function runAttachCase(rate: number, seconds: number, attaches: number): Promise<AttachResult> {
  const dir = freshDir('attach');
  const sim = await forkSimulator({ seed: 7, speed: 1, tradesPerSecond: rate, historyDays: 2 });
  const socket = join(dir.value, 'control.sock');
  const engine = spawn(process.execPath, [MAIN, 'headless', '--ws-url', sim.wsUrl, '--api-url', sim.apiUrl, '--data-dir', dir.value], { stdio: 'ignore' });
  try {
    const client = await attachWhenLive(socket, engine);
    await sim.resume();
    await sleep(2_000);
    const r = await measure(client, seconds);
    const consoleCpuPct = await measureConsole(client, seconds);
    const firstStateMs = spread(await repeat(attaches, () => timeFirstState(socket)));
    const firstPaintMs = spread(await repeat(attaches, () => timeFirstPaint(socket)));
    client.close();
    return { requestedPerSec: rate, seconds, ...r, consoleCpuPct, firstStateMs, firstPaintMs };
  } finally {
    engine.kill('SIGTERM');
    await new Promise((r) => (engine.exitCode !== null ? r(null) : engine.once('exit', r)));
    await sim.stop().catch(() => undefined);
    await dir.dispose();
  }
}

async function attachWhenLive(socket: string, engine: ChildProcess): Promise<ControlClient> {
  let client: ControlClient | null = null;
  const ok = await pollUntil(async () => {
    if (engine.exitCode !== null) throw new Error(`the engine exited with code ${engine.exitCode}`);
    client ??= await connectControl({ path: socket, client: 'bench', readOnly: true }).catch(() => null);
    return client !== null && client.source.getState().feed.connections.some((c) => c.state === 'live') && client.source.getState().warmup.phase === 'live';
  }, 90_000);
  if (!ok || !client) throw new Error('the engine never went live');
  return client;
}

async function measure(client: ControlClient, seconds: number) {
  let frames = 0;
  let tickSum = 0;
  const unsubscribe = client.source.subscribe(() => {
    frames += 1;
    tickSum += client.source.getState().feed.ticksPerSecond;
  });
  const bytes0 = client.bytesReceived();
  const stop = sampleProcess();
  const t0 = performance.now();
  await sleep(seconds * 1_000);
  const wall = (performance.now() - t0) / 1_000;
  const usage = stop();
  unsubscribe();
  return {
    engineTicksPerSec: frames > 0 ? tickSum / frames : 0,
    bytesPerSec: (client.bytesReceived() - bytes0) / wall,
    framesPerSec: frames / wall,
    clientCpuPct: usage.cpuPct,
    fullStateBytes: Buffer.byteLength(JSON.stringify(client.source.getState())),
  };
}

async function measureConsole(client: ControlClient, seconds: number): Promise<number> {
  const ui = renderConsole({ source: client.source, sink: client.sink, attached: { pid: client.engine.pid, startedAt: client.engine.startedAt }, readOnly: true, stdout: fakeTerminal(() => {}) });
  const stop = sampleProcess();
  await sleep(seconds * 1_000);
  const usage = stop();
  ui.unmount();
  return usage.cpuPct;
}

async function repeat(n: number, f: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

async function timeFirstState(socket: string): Promise<number> {
  const t0 = performance.now();
  const c = await connectControl({ path: socket, client: 'bench', readOnly: true });
  const ms = performance.now() - t0;
  c.close();
  return ms;
}

/** A terminal stand-in: 120x40, records when the first frame arrives. */
function fakeTerminal(onWrite: () => void): NodeJS.WriteStream {
  const out = new Writable({ write: (_chunk, _enc, done) => (onWrite(), done()) });
  return Object.assign(out, { columns: 120, rows: 40, isTTY: false }) as unknown as NodeJS.WriteStream;
}

async function timeFirstPaint(socket: string): Promise<number> {
  let painted = 0;
  const t0 = performance.now();
  const c = await connectControl({ path: socket, client: 'bench', readOnly: true });
  const ui = renderConsole({ source: c.source, sink: c.sink, attached: { pid: c.engine.pid, startedAt: c.engine.startedAt }, readOnly: true, stdout: fakeTerminal(() => (painted ||= performance.now())) });
  await pollUntil(() => painted > 0, 5_000);
  ui.unmount();
  c.close();
  return painted > 0 ? painted - t0 : Number.NaN;
}
