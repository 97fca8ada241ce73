/**
 * One control connection on the engine's side: hello exchange and peer check, the full
 * state, then patches while the state changes (never queued without bound: while the
 * client is slow, changes accumulate as one diff against what it last received), and
 * commands in, results out. Every bad frame gets an error frame and changes nothing.
 */
import type { Socket } from 'node:net';
import { parseCommand } from '../../engine/core/spine/command-schema.js';
import { refused, type CommandResult } from '../../engine/core/spine/command.js';
import {
  anyHelloSchema, CLIENT_FRAME_KINDS, clientHelloSchema, commandFrameSchema, CONTROL_PROTOCOL, MAX_CLIENT_FRAME_BYTES, versionMismatch,
  type ClientHello, type ServerFrame,
} from '../../engine/core/spine/control-protocol.js';
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { diffState } from '../../engine/core/spine/state-patch.js';
import type { CommandSink, StateSource } from '../../engine/core/spine/state-source.js';
import type { Logger } from '../../engine/ports/logger.js';
import { createLineReader } from './line-reader.js';
import { checkPeer } from './peer.js';

export interface ConnectionDeps {
  readonly source: StateSource;
  readonly sink: CommandSink;
  readonly logger: Logger;
  readonly engineUid: number;
  readonly helloTimeoutMs: number;
  /** Above this many unsent bytes, patches wait for 'drain' (coalesced into one). */
  readonly highWaterBytes: number;
  readonly maxInFlight: number;
}

export interface Connection {
  /** Say goodbye and close. */
  end(reason: string): void;
}

export function serveConnection(socket: Socket, d: ConnectionDeps): Connection {
  let peer: ClientHello | null = null;
  let sent: EngineState | null = null;
  let inFlight = 0;
  let waitingDrain = false;
  let unsubscribe = (): void => {};
  const label = (): Record<string, unknown> => (peer ? { pid: peer.pid, uid: peer.uid, client: peer.client } : { pid: null });

  const send = (f: ServerFrame): void => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(f)}\n`);
  };
  const fail = (code: string, message: string, id?: number): void => send({ t: 'error', code, message, ...(id === undefined ? {} : { id }) });
  const refuseAndClose = (code: string, message: string): void => {
    fail(code, message);
    socket.end();
  };

  const pushChanges = (): void => {
    if (sent === null || socket.destroyed) return;
    if (socket.writableLength > d.highWaterBytes) {
      if (!waitingDrain) socket.once('drain', () => ((waitingDrain = false), pushChanges()));
      waitingDrain = true;
      return;
    }
    const now = d.source.getState();
    const ops = diffState(sent, now);
    sent = now;
    if (ops.length > 0) send({ t: 'patch', ops });
  };

  const onHello = (raw: unknown): void => {
    const loose = anyHelloSchema.safeParse(raw);
    if (loose.success && loose.data.protocol !== CONTROL_PROTOCOL) return refuseAndClose('PROTOCOL.VERSION', versionMismatch('engine', loose.data.protocol));
    const hello = clientHelloSchema.safeParse(raw);
    if (!hello.success) return refuseAndClose('FRAME.INVALID', `bad hello: ${hello.error.issues[0]?.message ?? 'invalid'}`);
    const check = checkPeer(hello.data as ClientHello, d.engineUid);
    if (!check.ok) {
      d.logger.warn('control.peer_refused', { pid: hello.data.pid, uid: hello.data.uid, reason: check.reason });
      return refuseAndClose('CONTROL.PEER', `connection refused: ${check.reason}`);
    }
    peer = hello.data as ClientHello;
    clearTimeout(helloTimer);
    d.logger.info('control.attached', { ...label(), readOnly: peer.readOnly, verified: check.verified, check: check.note });
    sent = d.source.getState();
    send({ t: 'state', state: sent, readOnly: peer.readOnly });
    unsubscribe = d.source.subscribe(pushChanges);
  };

  const onCommand = (raw: unknown): void => {
    const frame = commandFrameSchema.safeParse(raw);
    if (!frame.success) return fail('FRAME.INVALID', `bad command frame: ${frame.error.issues[0]?.message ?? 'invalid'}`);
    const { id } = frame.data;
    const parsed = parseCommand(frame.data.command);
    if (!parsed.ok) return fail('COMMAND.INVALID', parsed.error, id);
    const p = peer as ClientHello;
    d.logger.info('control.command', { ...label(), id, command: parsed.command.type, readOnly: p.readOnly });
    if (p.readOnly) return send({ t: 'result', id, result: refused('CONTROL.READ_ONLY', 'this client attached read-only: it cannot send commands; nothing was done') });
    if (inFlight >= d.maxInFlight) return send({ t: 'result', id, result: refused('CONTROL.BUSY', `${inFlight} commands of this client are still running; nothing was done`) });
    inFlight += 1;
    void d.sink.execute(parsed.command, { kind: 'socket', pid: p.pid, uid: p.uid }).then(
      (result: CommandResult) => ((inFlight -= 1), send({ t: 'result', id, result })),
      (err: unknown) => ((inFlight -= 1), send({ t: 'result', id, result: refused('COMMAND.FAILED', String(err)) })),
    );
  };

  const onLine = (line: string): void => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return fail('FRAME.MALFORMED', 'not a JSON line');
    }
    const kind = typeof raw === 'object' && raw !== null && 't' in raw ? (raw as { t: unknown }).t : undefined;
    if (!CLIENT_FRAME_KINDS.includes(kind as never)) return fail('FRAME.UNKNOWN', `unknown frame kind ${JSON.stringify(kind) ?? 'undefined'} (expected ${CLIENT_FRAME_KINDS.join(' or ')})`);
    if (kind === 'hello') return peer ? fail('FRAME.UNEXPECTED', 'hello was already received') : onHello(raw);
    if (!peer) return fail('CONTROL.HELLO_REQUIRED', 'send hello first');
    onCommand(raw);
  };

  const reader = createLineReader(MAX_CLIENT_FRAME_BYTES, onLine, (bytes) => fail('FRAME.OVERSIZED', `frame of ${bytes} bytes exceeds ${MAX_CLIENT_FRAME_BYTES}; ignored`));
  const helloTimer = setTimeout(() => refuseAndClose('CONTROL.HELLO_TIMEOUT', `no hello within ${d.helloTimeoutMs} ms`), d.helloTimeoutMs);
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', (err) => d.logger.debug('control.socket_error', { ...label(), error: err.message }));
  socket.on('close', () => {
    clearTimeout(helloTimer);
    unsubscribe();
    if (peer) d.logger.info('control.detached', label());
  });
  const run = d.source.getState().run;
  send({ t: 'hello', protocol: CONTROL_PROTOCOL, engine: { pid: run.pid, startedAt: run.startedAt, version: run.version } });
  return {
    end(reason) {
      send({ t: 'bye', reason });
      socket.end();
      // A client that never reads must not hold the engine's shutdown.
      setTimeout(() => socket.destroy(), 1_000).unref();
    },
  };
}
