import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createEngineControl, type EngineControl } from '../../../src/engine/app/spine/engine-control.js';
import { initialEngineState } from '../../../src/engine/core/spine/initial-state.js';
import { systemClock } from '../../../src/engine/ports/clock.js';
import type { Logger } from '../../../src/engine/ports/logger.js';
import { ROOT } from '../../helpers/built.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A logger that keeps what it was told. */
export function recordingLogger(): Logger & { lines: { level: string; event: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (event: string, fields: Record<string, unknown> = {}) => void lines.push({ level, event, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A real engine control plane (spine, gateway, trading-state commands) without the market parts. */
export function testControl(logger: Logger, notifyMs = 20): EngineControl {
  // As after start-up: trading restored (ACTIVE).
  const now = Date.now();
  const initial = initialEngineState({
    venue: 'simulator', mode: 'paper', startedAt: now, version: 'test', pid: process.pid, timeframe: '15m', storage: { backend: 'pglite', description: 'test' },
    trading: { state: 'ACTIVE', since: now, reason: 'started', by: 'start-up' },
  });
  return createEngineControl({ initial, clock: systemClock, logger, notifyMs });
}

/** A data dir removed when the test ends (tests may remove it earlier themselves). */
export function tempDataDir(): string {
  return tempDir('nxc-');
}

/** A raw connection that collects the engine's frames. */
export async function rawClient(path: string): Promise<{ socket: Socket; frames: Record<string, unknown>[]; send: (line: string) => void }> {
  const socket = connect(path);
  const frames: Record<string, unknown>[] = [];
  let buf = '';
  socket.on('data', (d) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      frames.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
      buf = buf.slice(nl + 1);
    }
  });
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('error', reject)));
  return { socket, frames, send: (line) => void socket.write(line) };
}

/** Run test/fixtures/control-child.ts; resolves once it printed `ready`. */
export function spawnChild(args: string[], ready: string, opts: { uid?: number; gid?: number } = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', './test/fixtures/writer-ts-register.mjs', 'test/fixtures/control-child.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => ((out += d.toString()), out.includes(ready) && resolve(child)));
    child.stderr?.on('data', (d) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`child exited ${String(code)}: ${err}`)));
  });
}
