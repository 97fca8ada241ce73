/**
 * The control endpoint of a running engine: a Unix domain socket in the data dir, nothing
 * on the network. The data dir is made owner-only (0700) before the socket exists, and the
 * socket itself is 0600, so only the engine's user (and root) can connect. A socket file
 * left by a killed engine (nobody accepts on it) is replaced; a live one is never touched.
 */
import { chmodSync, lstatSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { NexwaveError } from '../../engine/core/errors.js';
import type { CommandSink, EventSource, StateSource } from '../../engine/core/spine/state-source.js';
import type { Logger } from '../../engine/ports/logger.js';
import { serveConnection, type Connection } from './connection.js';

export interface ControlServerOptions {
  readonly path: string;
  /** The directory holding the socket (the data dir): created or tightened to 0700. */
  readonly dir: string;
  readonly source: StateSource;
  readonly sink: CommandSink;
  /** Events for clients that subscribe to them. */
  readonly events: EventSource;
  readonly logger: Logger;
  readonly helloTimeoutMs?: number;
  readonly maxClients?: number;
  /** The command that attaches to this data dir's engine, as the user would type it (for the refusal). */
  readonly attachCommand?: string;
}

export interface ControlServer {
  readonly path: string;
  clients(): number;
  /** Per client: pid (null before hello), read-only, bytes waiting unsent. */
  clientStats(): ReturnType<Connection['stats']>[];
  /** Tell every client why, close them and remove the socket. Idempotent. */
  close(reason: string): Promise<void>;
}

const uid = (): number => process.getuid?.() ?? -1;

/**
 * Create the dir owner-only, or tighten it. Refused: a dir owned by someone else, and a
 * shared one (world-writable or sticky, like /tmp), which must never be made private.
 */
export function secureDir(dir: string, logger: Logger): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (uid() >= 0 && st.uid !== uid()) throw new NexwaveError('CONTROL.UNSAFE', `data dir ${dir} belongs to uid ${st.uid}, not to this user (${uid()}): its control socket would not be private`);
  if ((st.mode & 0o1002) !== 0) throw new NexwaveError('CONTROL.UNSAFE', `data dir ${dir} is a shared directory (mode ${(st.mode & 0o7777).toString(8)}): use a directory of its own, e.g. --data-dir ${dir}/nexwave`);
  if ((st.mode & 0o077) !== 0) {
    chmodSync(dir, 0o700);
    logger.warn('control.data_dir_tightened', { dir, was: (st.mode & 0o777).toString(8), now: '700' });
  }
}

/** 'live' when something accepts on the socket, 'stale' when the file is there but nobody does, 'absent'. */
export function probeSocket(path: string, timeoutMs = 1_000): Promise<'live' | 'stale' | 'absent'> {
  return new Promise((resolve) => {
    const s = connect(path);
    const done = (r: 'live' | 'stale' | 'absent'): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done('live'), timeoutMs);
    s.once('connect', () => done('live'));
    s.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ENOENT' ? 'absent' : 'stale'));
  });
}

async function clearStale(path: string, logger: Logger, attach: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new NexwaveError('CONTROL.UNSAFE', `${path} exists and is not a socket: move it aside`);
  const state = await probeSocket(path);
  if (state === 'live') throw new NexwaveError('ENGINE.RUNNING', `another engine is serving ${path}: attach to it with \`${attach}\``);
  if (state === 'stale') {
    rmSync(path, { force: true });
    logger.warn('control.stale_socket_replaced', { path });
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, readableAll: false, writableAll: false }, () => (server.off('error', reject), resolve()));
  });
}

export async function startControlServer(o: ControlServerOptions): Promise<ControlServer> {
  secureDir(o.dir, o.logger);
  await clearStale(o.path, o.logger, o.attachCommand ?? 'nexwave attach');
  const connections = new Set<Connection>();
  const server = createServer((socket: Socket) => {
    if (connections.size >= (o.maxClients ?? 32)) {
      socket.end(`${JSON.stringify({ t: 'error', code: 'CONTROL.FULL', message: `${connections.size} clients are attached already` })}\n`);
      return;
    }
    const c = serveConnection(socket, {
      source: o.source, sink: o.sink, events: o.events, logger: o.logger, engineUid: uid(),
      helloTimeoutMs: o.helloTimeoutMs ?? 5_000, highWaterBytes: 256 * 1024, maxInFlight: 4,
    });
    connections.add(c);
    socket.once('close', () => connections.delete(c));
  });
  await listen(server, o.path);
  chmodSync(o.path, 0o600);
  o.logger.info('control.listening', { path: o.path });
  let closing: Promise<void> | null = null;
  return {
    path: o.path,
    clients: () => connections.size,
    clientStats: () => [...connections].map((c) => c.stats()),
    close(reason) {
      closing ??= new Promise<void>((resolve) => {
        for (const c of connections) c.end(reason);
        server.close(() => resolve());
      }).then(() => rmSync(o.path, { force: true }));
      return closing;
    },
  };
}
