/**
 * The client end of the control socket: a StateSource and a CommandSink backed by a
 * running engine, for `nexwave attach`, `status` and `flatten`. Resolves once the full
 * state has arrived, so `getState()` always has one. When the engine goes away, `closed`
 * resolves with why, pending commands are answered as refused, and nothing throws.
 * Commands carry the origin given to `execute` (a console key, `nexwave flatten`) so the
 * engine logs it next to this process's pid and uid. `onEvent` opts in to the engine's events.
 */
import { connect, type Socket } from 'node:net';
import { NexwaveError } from '../../engine/core/errors.js';
import { refused, type ClaimedOrigin, type CommandOrigin } from '../../engine/core/spine/command.js';
import type { EngineEvent } from '../../engine/core/spine/engine-event.js';
import { CONTROL_PROTOCOL, serverFrameSchema, versionMismatch, type ClientHello, type EngineInfo, type ServerFrame } from '../../engine/core/spine/control-protocol.js';
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { applyPatch, type PatchOp } from '../../engine/core/spine/state-diff.js';
import type { StateSource, CommandSink, EventSource } from '../../engine/core/spine/state-source.js';
import { createLineReader } from './line-reader.js';
import { ownSocketInode } from './proc.js';
import { createRequests, type Requests } from './requests.js';
import { errorMessage } from '../../engine/core/error-message.js';

export interface ControlClientOptions {
  readonly path: string;
  readonly readOnly?: boolean;
  /** For the engine's log ("nexwave attach 0.1.0"). */
  readonly client: string;
  /** Deadline for connect, hello and the first state (default 5 s). */
  readonly timeoutMs?: number;
  /** Deadline for one command's result (default 70 s: the engine's own handler deadline is 60 s). */
  readonly commandTimeoutMs?: number;
}

export interface ClosedReason {
  /** False when this client closed the connection itself. */
  readonly byEngine: boolean;
  readonly reason: string;
}

export interface ControlClient {
  readonly source: StateSource;
  readonly sink: CommandSink;
  /** The engine's events; the first listener subscribes (an `events` frame), the last one leaving unsubscribes. */
  readonly events: EventSource;
  readonly engine: EngineInfo;
  readonly readOnly: boolean;
  /** Resolves when the connection ends, with why in words. */
  readonly closed: Promise<ClosedReason>;
  /** Bytes received so far (benchmark). */
  bytesReceived(): number;
  close(): void;
}

/** Largest frame accepted from the engine (a full state of 34 pairs is ~60 KB). */
const MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;

export function connectControl(o: ControlClientOptions): Promise<ControlClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(o.path);
    const timeoutMs = o.timeoutMs ?? 5_000;
    const timer = setTimeout(() => session.fail(new NexwaveError('CONTROL.TIMEOUT', `the engine at ${o.path} did not answer within ${timeoutMs} ms`)), timeoutMs);
    const session = createSession(socket, o, (c) => (clearTimeout(timer), resolve(c)), (e) => (clearTimeout(timer), reject(e)));
    socket.once('error', (err: NodeJS.ErrnoException) => session.fail(connectError(o.path, err)));
  });
}

function connectError(path: string, err: NodeJS.ErrnoException): NexwaveError {
  if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') return new NexwaveError('CONTROL.NOT_RUNNING', `no engine is running (nothing accepts on ${path})`);
  if (err.code === 'EACCES') return new NexwaveError('CONTROL.REFUSED', `permission denied on ${path}: the engine belongs to another user`);
  return new NexwaveError('CONTROL.REFUSED', `cannot reach the engine at ${path}: ${err.message}`);
}

/** What a session holds while it runs. */
interface Session {
  engine: EngineInfo | null;
  state: EngineState | null;
  bytes: number;
  settled: boolean;
  closedBy: ClosedReason | null;
  readonly listeners: Set<(state: EngineState) => void>;
  readonly eventListeners: Set<(e: EngineEvent) => void>;
  readonly requests: Requests;
}

/** The origin this side can vouch for (a console key, a CLI command); the engine adds the socket's pid and uid. */
function claimed(o: CommandOrigin): ClaimedOrigin | undefined {
  if (o.kind === 'console' || o.kind === 'cli') return o;
  return o.kind === 'socket' ? o.claimed : undefined;
}

/** An EventSource over the session: (un)subscribes with the engine as listeners come and go. */
function eventSource(s: Session, write: (line: string) => void): EventSource {
  const set = (subscribe: boolean): void => write(`${JSON.stringify({ t: 'events', subscribe })}\n`);
  return {
    onEvent(l) {
      if (s.eventListeners.size === 0) set(true);
      s.eventListeners.add(l);
      return () => {
        if (s.eventListeners.delete(l) && s.eventListeners.size === 0 && !s.closedBy) set(false);
      };
    },
  };
}

function createSession(socket: Socket, o: ControlClientOptions, resolve: (c: ControlClient) => void, reject: (e: Error) => void) {
  const s: Session = {
    engine: null, state: null, bytes: 0, settled: false, closedBy: null, listeners: new Set(), eventListeners: new Set(),
    requests: createRequests((line) => void socket.write(line), o.commandTimeoutMs ?? 70_000),
  };
  let onClosed: (v: ClosedReason) => void = () => {};
  const closed = new Promise<ClosedReason>((r) => (onClosed = r));
  const finish = (byEngine: boolean, reason: string): void => {
    if (s.closedBy) return;
    s.closedBy = { byEngine, reason };
    s.requests.close(reason);
    socket.destroy();
    onClosed(s.closedBy);
  };
  const fail = (err: Error): void => {
    if (!s.settled) {
      s.settled = true;
      reject(err);
    }
    finish(true, err.message);
  };
  const client = (readOnly: boolean): ControlClient => ({
    source: { getState: () => s.state as EngineState, subscribe: (l) => (s.listeners.add(l), () => void s.listeners.delete(l)) },
    sink: { execute: (command, origin) => s.requests.send(command, claimed(origin)) },
    events: eventSource(s, (line) => void socket.write(line)),
    engine: s.engine as EngineInfo,
    readOnly,
    closed,
    bytesReceived: () => s.bytes,
    close: () => finish(false, 'closed by this client'),
  });
  const handlers: FrameHandlers = {
    fail,
    finish,
    sendHello: () => void socket.write(`${JSON.stringify(hello(socket, o))}\n`),
    ready: (readOnly) => {
      s.settled = true;
      resolve(client(readOnly));
    },
  };
  const reader = createLineReader(MAX_SERVER_FRAME_BYTES, (line) => onLine(s, handlers, line), (n) => fail(new NexwaveError('CONTROL.PROTOCOL', `the engine sent a frame of ${n} bytes`)));
  socket.on('data', (chunk: Buffer) => ((s.bytes += chunk.length), reader.push(chunk)));
  socket.on('close', () => (s.settled ? finish(true, 'the engine closed the connection') : fail(new NexwaveError('CONTROL.REFUSED', 'the engine closed the connection before sending its state'))));
  socket.on('error', () => {});
  return { fail };
}

function hello(socket: Socket, o: ControlClientOptions): ClientHello {
  // The fd of a connected pipe is libuv's; Node has no public accessor for it.
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return { t: 'hello', protocol: CONTROL_PROTOCOL, pid: process.pid, uid: process.getuid?.() ?? 0, inode: ownSocketInode(fd), readOnly: o.readOnly === true, client: o.client };
}

interface FrameHandlers {
  fail(err: Error): void;
  finish(byEngine: boolean, reason: string): void;
  sendHello(): void;
  ready(readOnly: boolean): void;
}

function onLine(s: Session, h: FrameHandlers, line: string): void {
  let frame: ServerFrame;
  try {
    const parsed = serverFrameSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid');
    frame = parsed.data as ServerFrame;
  } catch (err) {
    return h.fail(new NexwaveError('CONTROL.PROTOCOL', `the engine sent a frame this nexwave cannot read (${errorMessage(err)}): are both the same version?`));
  }
  try {
    onFrame(s, h, frame);
  } catch (err) {
    h.fail(new NexwaveError('CONTROL.PROTOCOL', `cannot apply the engine's frame: ${errorMessage(err)}`));
  }
}

function onFrame(s: Session, h: FrameHandlers, f: ServerFrame): void {
  switch (f.t) {
    case 'hello':
      s.engine = f.engine;
      if (f.protocol !== CONTROL_PROTOCOL) return h.fail(new NexwaveError('CONTROL.PROTOCOL', versionMismatch('client', f.protocol, f.engine.version)));
      return h.sendHello();
    case 'state':
      s.state = f.state;
      if (!s.settled && s.engine) h.ready(f.readOnly);
      return notify(s);
    case 'patch':
      if (!s.state) return h.fail(new NexwaveError('CONTROL.PROTOCOL', 'the engine sent a change before the state'));
      s.state = applyPatch(s.state, f.ops as PatchOp[]);
      return notify(s);
    case 'result':
      s.requests.answer(f.id, f.result);
      return;
    case 'error':
      if (f.id !== undefined && s.requests.answer(f.id, refused(f.code, f.message))) return;
      if (!s.settled) h.fail(new NexwaveError(f.code === 'PROTOCOL.VERSION' ? 'CONTROL.PROTOCOL' : 'CONTROL.REFUSED', f.message));
      return;
    case 'bye':
      return h.finish(true, f.reason);
    case 'event':
      for (const l of [...s.eventListeners]) l(f.event);
      return;
  }
}

function notify(s: Session): void {
  const state = s.state as EngineState;
  for (const l of [...s.listeners]) l(state);
}
