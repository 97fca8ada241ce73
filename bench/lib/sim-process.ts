/** The simulator in a child process (sim-child.ts), driven over IPC by the feed benchmark. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatorOptions } from '../../src/data/simulator/index.js';

/** Requests the child understands. */
export interface SimRequest {
  readonly id: number;
  readonly op: 'pause' | 'resume' | 'count' | 'stop';
}

/** Every reply carries the ledger count and the child's CPU time so far. */
export interface SimReply {
  readonly id: number;
  readonly count: number;
  readonly cpuMs: number;
  readonly wsUrl?: string;
  readonly apiUrl?: string;
  readonly symbols?: readonly string[];
}

/** A simulator running in a child process. */
export interface SimProcess {
  readonly wsUrl: string;
  readonly apiUrl: string;
  readonly symbols: readonly string[];
  /** Pause every market (no more trades); resolves with the ledger count. */
  pause(): Promise<SimReply>;
  resume(): Promise<SimReply>;
  count(): Promise<SimReply>;
  stop(): Promise<SimReply>;
}

type Opts = Omit<SimulatorOptions, 'port' | 'faults'>;

/** Fork the simulator; resolves when it listens (all markets paused). */
export function forkSimulator(opts: Opts): Promise<SimProcess> {
  const script = fileURLToPath(new URL('./sim-child.js', import.meta.url));
  const child: ChildProcess = fork(script, [JSON.stringify(opts)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const waiting = new Map<number, (r: SimReply) => void>();
  let next = 1;
  const ask = (op: SimRequest['op']): Promise<SimReply> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, op } satisfies SimRequest, (err) => err && reject(err));
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator process exited with code ${String(code)} before it was ready`)));
    child.on('message', (m: SimReply) => {
      if (m.id !== 0) {
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
        return;
      }
      resolve({
        wsUrl: m.wsUrl ?? '',
        apiUrl: m.apiUrl ?? '',
        symbols: m.symbols ?? [],
        pause: () => ask('pause'),
        resume: () => ask('resume'),
        count: () => ask('count'),
        stop: async () => {
          const last = await ask('stop');
          if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
          return last;
        },
      });
    });
  });
}
