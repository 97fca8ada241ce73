/**
 * The client end of the control socket: a StateSource and a CommandSink backed by a
 * running engine, for `nexwave attach`, `status` and `flatten`. Resolves once the full
 * state has arrived, so `getState()` always has one. When the engine goes away, `closed`
 * resolves with why, pending commands are answered as refused, and nothing throws.
 */
import { connect, type Socket } from 'node:net';
import { NexwaveError } from '../../engine/core/errors.js';
import { refused, type Command, type CommandResult } from '../../engine/core/spine/command.js';
import { CONTROL_PROTOCOL, serverFrameSchema, versionMismatch, type ClientHello, type EngineInfo, type ServerFrame } from '../../engine/core/spine/control-protocol.js';
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { applyPatch, type PatchOp } from '../../engine/core/spine/state-patch.js';
import type { CommandSink, StateSource } from '../../engine/core/spine/state-source.js';
import { createLineReader } from './line-reader.js';
import { ownSocketInode } from './proc.js';

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

export interface ControlClient {
  readonly source: StateSource;
  readonly sink: CommandSink;
  readonly engine: EngineInfo;
  readonly readOnly: boolean;
  /** Resolves when the connection ends, with why in words. */
  readonly closed: Promise<{ readonly byEngine: boolean; readonly reason: string }>;
  /** Bytes received so far (benchmark). */
  bytesReceived(): number;
  close(): void;
}

/** Largest frame accepted from the engine (a full state of 34 pairs is ~60 KB). */
const MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;

export function connectControl(o: ControlClientOptions): Promise<ControlClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(o.path);
    const session = createSession(socket, o, resolve, reject);
    const timer = setTimeout(() => session.fail(new NexwaveError('CONTROL.TIMEOUT', `the engine at ${o.path} did not answer within ${o.timeoutMs ?? 5_000} ms`)), o.timeoutMs ?? 5_000);
    session.onSettled(() => clearTimeout(timer));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') session.fail(new NexwaveError('CONTROL.NOT_RUNNING', `no engine is running (nothing accepts on ${o.path})`));
      else if (err.code === 'EACCES') session.fail(new NexwaveError('CONTROL.REFUSED', `permission denied on ${o.path}: the engine belongs to another user`));
      else session.fail(new NexwaveError('CONTROL.REFUSED', `cannot reach the engine at ${o.path}: ${err.message}`));
    });
  });
}

type Resolve = (c: ControlClient) => void;

function createSession(socket: Socket, o: ControlClientOptions, resolve: Resolve, reject: (e: Error) => void) {
  let engine: EngineInfo | null = null;
  let state: EngineState | null = null;
  let bytes = 0;
  let settled = false;
  let nextId = 1;
  let closedBy: { byEngine: boolean; reason: string } | null = null;
  const settledHooks: (() => void)[] = [];
  const listeners = new Set<() => void>();
  const pending = new Map<number, (r: CommandResult) => void>();
  let onClosed: (v: { byEngine: boolean; reason: string }) => void = () => {};
  const closed = new Promise<{ byEngine: boolean; reason: string }>((r) => (onClosed = r));

  const settle = (): void => {
    settled = true;
    for (const h of settledHooks) h();
  };
  const fail = (err: Error): void => {
    if (!settled) {
      settle();
      reject(err);
    }
    finish(true, err.message);
  };
  const finish = (byEngine: boolean, reason: string): void => {
    if (closedBy) return;
    closedBy = { byEngine, reason };
    for (const [, answer] of pending) answer(refused('CONTROL.DISCONNECTED', `the connection to the engine ended (${reason}); the command's outcome is unknown`));
    pending.clear();
    socket.destroy();
    onClosed(closedBy);
  };

  const sink: CommandSink = {
    execute: (command: Command) => new Promise<CommandResult>((answer) => {
      if (closedBy) return answer(refused('CONTROL.DISCONNECTED', `not connected to the engine (${closedBy.reason}); nothing was sent`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        answer(refused('CONTROL.TIMEOUT', `no answer from the engine within ${(o.commandTimeoutMs ?? 70_000) / 1000} s; the command's outcome is unknown`));
      }, o.commandTimeoutMs ?? 70_000);
      pending.set(id, (r) => (clearTimeout(timer), answer(r)));
      socket.write(`${JSON.stringify({ t: 'command', id, command })}\n`);
    }),
  };

  const onFrame = (f: ServerFrame): void => {
    switch (f.t) {
      case 'hello': {
        engine = f.engine;
        if (f.protocol !== CONTROL_PROTOCOL) return fail(new NexwaveError('CONTROL.PROTOCOL', versionMismatch('client', f.protocol, f.engine.version)));
        const hello: ClientHello = {
          t: 'hello', protocol: CONTROL_PROTOCOL, pid: process.pid, uid: process.getuid?.() ?? 0,
          inode: ownSocketInode((socket as unknown as { _handle?: { fd?: number } })._handle?.fd), readOnly: o.readOnly === true, client: o.client,
        };
        socket.write(`${JSON.stringify(hello)}\n`);
        return;
      }
      case 'state':
        state = f.state;
        if (!settled && engine) {
          settle();
          resolve(client(f.readOnly));
        }
        return notify();
      case 'patch':
        if (!state) return fail(new NexwaveError('CONTROL.PROTOCOL', 'the engine sent a change before the state'));
        state = applyPatch(state, f.ops as PatchOp[]);
        return notify();
      case 'result':
        pending.get(f.id)?.(f.result);
        pending.delete(f.id);
        return;
      case 'error':
        if (f.id !== undefined && pending.has(f.id)) {
          pending.get(f.id)?.(refused(f.code, f.message));
          pending.delete(f.id);
          return;
        }
        if (!settled) return fail(new NexwaveError(f.code === 'PROTOCOL.VERSION' ? 'CONTROL.PROTOCOL' : 'CONTROL.REFUSED', f.message));
        return;
      case 'bye':
        return finish(true, f.reason);
    }
  };
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  const client = (readOnly: boolean): ControlClient => ({
    source: {
      getState: () => state as EngineState,
      subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    } satisfies StateSource,
    sink,
    engine: engine as EngineInfo,
    readOnly,
    closed,
    bytesReceived: () => bytes,
    close: () => finish(false, 'closed by this client'),
  });

  const reader = createLineReader(MAX_SERVER_FRAME_BYTES, (line) => {
    let frame: ServerFrame;
    try {
      const parsed = serverFrameSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid');
      frame = parsed.data as ServerFrame;
    } catch (err) {
      return fail(new NexwaveError('CONTROL.PROTOCOL', `the engine sent a frame this nexwave cannot read (${err instanceof Error ? err.message : String(err)}): are both the same version?`));
    }
    try {
      onFrame(frame);
    } catch (err) {
      fail(new NexwaveError('CONTROL.PROTOCOL', `cannot apply the engine's frame: ${err instanceof Error ? err.message : String(err)}`));
    }
  }, (n) => fail(new NexwaveError('CONTROL.PROTOCOL', `the engine sent a frame of ${n} bytes`)));
  socket.on('data', (chunk: Buffer) => ((bytes += chunk.length), reader.push(chunk)));
  socket.on('close', () => (settled ? finish(true, 'the engine closed the connection') : fail(new NexwaveError('CONTROL.REFUSED', 'the engine closed the connection before sending its state'))));
  socket.on('error', () => {});
  return { fail, onSettled: (h: () => void) => settledHooks.push(h) };
}
