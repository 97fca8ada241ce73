import { Worker } from 'node:worker_threads';
import { NexwaveError } from '../../engine/core/errors.js';
import type { Row, SqlClient } from '../sql/sql-client.js';
import { createSerial } from '../../engine/core/serial.js';

interface WireError {
  readonly message: string;
  readonly code?: string;
  readonly detail?: string;
}
type Reply =
  | { readonly type: 'ready' }
  | { readonly type: 'open-failed'; readonly error: WireError }
  | { readonly type: 'result'; readonly id: number; readonly rows: Row[] }
  | { readonly type: 'error'; readonly id: number; readonly error: WireError };

interface Pending {
  readonly resolve: (rows: Row[]) => void;
  readonly reject: (err: Error) => void;
}

/** The PGlite worker as a SqlClient; `close` shuts PGlite down cleanly. */
export interface WorkerClient extends SqlClient {
  close(): Promise<void>;
}

/** The schema is gone or not ours, not bad rows (the same SQLSTATEs as pg-errors.ts). */
const SCHEMA_STATES = new Set(['42P01', '3F000', '42703', '42883']);

const queryError = (e: WireError): NexwaveError =>
  new NexwaveError(
    e.code !== undefined && SCHEMA_STATES.has(e.code) ? 'STORE.SCHEMA_MISSING' : 'STORE.QUERY_FAILED',
    `pglite: ${e.message}${e.detail ? ` (${e.detail})` : ''}${e.code ? ` [${e.code}]` : ''}`,
  );

type Op = 'query' | 'exec' | 'close';
type Call = (op: Op, text?: string, params?: readonly unknown[]) => Promise<Row[]>;

/**
 * Start the worker and wait until PGlite has opened `dataDir`. Rejects with the worker's own
 * open error (the caller turns it into STORE.DATA_DIR_INVALID). `script` is the worker module;
 * only tests pass another one, to crash it on purpose.
 */
export async function startWorker(dataDir: string, script: URL = new URL('./worker.mjs', import.meta.url)): Promise<WorkerClient> {
  const worker = new Worker(script, { workerData: { dataDir } });
  const call = await connect(worker, dataDir);
  return serialClient(call, worker);
}

/** Wire up the worker's messages; resolves with `call` once PGlite is open. */
function connect(worker: Worker, dataDir: string): Promise<Call> {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: NexwaveError | null = null;
  const fail = (err: NexwaveError): void => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const call: Call = (op, text, params) => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<Row[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, text, params });
    });
  };
  return new Promise((resolve, reject) => {
    worker.on('message', (m: Reply) => {
      if (m.type === 'ready') return resolve(call);
      if (m.type === 'open-failed') return reject(new Error(m.error.message));
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.type === 'result') p?.resolve(m.rows);
      else p?.reject(queryError(m.error));
    });
    worker.on('error', (err) => {
      reject(err);
      fail(new NexwaveError('STORE.UNAVAILABLE', `pglite worker for ${dataDir} crashed: ${err.message}`, { cause: err }));
    });
    worker.on('exit', (code) => {
      reject(new Error(`pglite worker exited with code ${code} before opening ${dataDir}`));
      fail(new NexwaveError('STORE.UNAVAILABLE', `pglite worker for ${dataDir} stopped (exit code ${code})`));
    });
  });
}

/**
 * One statement or transaction at a time: a transaction's statements must never interleave with
 * another caller's, since the worker has a single PGlite session.
 */
function serialClient(call: Call, worker: Worker): WorkerClient {
  const lock = createSerial();
  let closed = false;
  // Registered now, so it also resolves for a worker that dies before close() is called.
  const exited = new Promise<void>((res) => worker.once('exit', () => res()));
  const serial = <T>(fn: () => Promise<T>): Promise<T> => lock.run(fn);
  const direct = sessionClient(call);
  return {
    query: <T extends Row>(text: string, params?: readonly unknown[]) => serial(() => direct.query<T>(text, params)),
    exec: (script) => serial(() => direct.exec(script)),
    transaction: (fn) => serial(() => direct.transaction(fn)),
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        // A worker that already died has nothing to close; terminate() resolves at once then.
        await call('close').catch(() => worker.terminate());
        await exited;
      }),
  };
}

/** Statements straight to the session; transactions by BEGIN/COMMIT, nested ones by savepoint. */
function sessionClient(call: Call, depth = 0): SqlClient {
  const self: SqlClient = {
    query: async <T extends Row>(text: string, params?: readonly unknown[]) => (await call('query', text, params)) as T[],
    exec: async (script) => void (await call('exec', script)),
    async transaction(fn) {
      const sp = `nexwave_sp_${depth}`;
      await self.query(depth === 0 ? 'BEGIN' : `SAVEPOINT ${sp}`);
      try {
        const value = await fn(sessionClient(call, depth + 1));
        await self.query(depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT ${sp}`);
        return value;
      } catch (err) {
        await self.query(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${sp}`).catch(() => undefined);
        throw err;
      }
    },
  };
  return self;
}
