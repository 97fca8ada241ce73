/**
 * One control connection on the engine's side: hello exchange and peer check, the full
 * state, then patches while the state changes (never queued without bound: while the
 * client is slow, changes accumulate as one diff against what it last received), and
 * commands in (logged with the origin the client claims and the pid/uid checked at hello),
 * results out, and the engine's events to a client that asked for them (connection-events.ts).
 * Every bad frame gets an error frame and changes nothing.
 */
import type { Socket } from 'node:net';
import { parseCommand } from '../../engine/core/spine/command-schema.js';
import { describeOrigin, refused, type CommandOrigin } from '../../engine/core/spine/command.js';
import {
  anyHelloSchema, CLIENT_FRAME_KINDS, clientHelloSchema, commandFrameSchema, CONTROL_PROTOCOL, eventsFrameSchema, MAX_CLIENT_FRAME_BYTES, versionMismatch,
  type ClientHello, type ServerFrame,
} from '../../engine/core/spine/control-protocol.js';
import type { EngineState } from '../../engine/core/spine/engine-state.js';
import { diffState } from '../../engine/core/spine/state-diff.js';
import type { CommandSink, EventSource, StateSource } from '../../engine/core/spine/state-source.js';
import type { Logger } from '../../engine/ports/logger.js';
import { createEventStream, type EventStream } from './connection-events.js';
import { createLineReader } from './line-reader.js';
import { checkPeer } from './peer.js';
import { errorMessage } from '../../engine/core/error-message.js';

export interface ConnectionDeps {
  readonly source: StateSource;
  readonly sink: CommandSink;
  /** Where `events` subscribers get their events from. */
  readonly events: EventSource;
  readonly logger: Logger;
  readonly engineUid: number;
  readonly helloTimeoutMs: number;
  /** Above this many unsent bytes, patches wait for 'drain' (coalesced into one). */
  readonly highWaterBytes: number;
  readonly maxInFlight: number;
}

export interface Connection {
  /** Who is attached (null before hello) and how many bytes wait unsent to it. */
  stats(): { readonly pid: number | null; readonly readOnly: boolean; readonly bufferedBytes: number };
  /** Say goodbye and close. */
  end(reason: string): void;
}

interface Conn {
  readonly socket: Socket;
  readonly d: ConnectionDeps;
  peer: ClientHello | null;
  /** False when /proc could not confirm the peer's pid and uid (see peer.ts). */
  verified: boolean;
  readonly events: EventStream;
  /** The state as the client has it. */
  sent: EngineState | null;
  inFlight: number;
  waitingDrain: boolean;
  unsubscribe: () => void;
  helloTimer: NodeJS.Timeout | undefined;
}

export function serveConnection(socket: Socket, d: ConnectionDeps): Connection {
  const events = createEventStream(socket, d.events, d.highWaterBytes, (f) => send(c, f));
  const c: Conn = { socket, d, peer: null, verified: false, events, sent: null, inFlight: 0, waitingDrain: false, unsubscribe: () => {}, helloTimer: undefined };
  const reader = createLineReader(MAX_CLIENT_FRAME_BYTES, (line) => onLine(c, line), (bytes) => fail(c, 'FRAME.OVERSIZED', `frame of ${bytes} bytes exceeds ${MAX_CLIENT_FRAME_BYTES}; ignored`));
  c.helloTimer = setTimeout(() => refuseAndClose(c, 'CONTROL.HELLO_TIMEOUT', `no hello within ${d.helloTimeoutMs} ms`), d.helloTimeoutMs);
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', (err) => d.logger.debug('control.socket_error', { ...label(c), error: err.message }));
  socket.on('close', () => {
    clearTimeout(c.helloTimer);
    c.unsubscribe();
    c.events.stop();
    if (c.peer) d.logger.info('control.detached', label(c));
  });
  const run = d.source.getState().run;
  send(c, { t: 'hello', protocol: CONTROL_PROTOCOL, engine: { pid: run.pid, startedAt: run.startedAt, version: run.version } });
  return {
    stats: () => ({ pid: c.peer?.pid ?? null, readOnly: c.peer?.readOnly ?? false, bufferedBytes: socket.writableLength }),
    end(reason) {
      send(c, { t: 'bye', reason });
      socket.end();
      // A client that never reads must not hold the engine's shutdown.
      setTimeout(() => socket.destroy(), 1_000).unref();
    },
  };
}

const label = (c: Conn): Record<string, unknown> => (c.peer ? { pid: c.peer.pid, uid: c.peer.uid, client: c.peer.client } : { pid: null });

function send(c: Conn, f: ServerFrame): void {
  if (!c.socket.destroyed && c.socket.writable) c.socket.write(`${JSON.stringify(f)}\n`);
}

function fail(c: Conn, code: string, message: string, id?: number): void {
  send(c, { t: 'error', code, message, ...(id === undefined ? {} : { id }) });
}

function refuseAndClose(c: Conn, code: string, message: string): void {
  fail(c, code, message);
  c.socket.end();
}

function pushChanges(c: Conn): void {
  if (c.sent === null || c.socket.destroyed) return;
  if (c.socket.writableLength > c.d.highWaterBytes) {
    if (!c.waitingDrain) c.socket.once('drain', () => ((c.waitingDrain = false), pushChanges(c)));
    c.waitingDrain = true;
    return;
  }
  const now = c.d.source.getState();
  const ops = diffState(c.sent, now);
  c.sent = now;
  if (ops.length > 0) send(c, { t: 'patch', ops });
}

function onLine(c: Conn, line: string): void {
  if (line.trim() === '') return;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return fail(c, 'FRAME.MALFORMED', 'not a JSON line');
  }
  const kind = typeof raw === 'object' && raw !== null && 't' in raw ? (raw as { t: unknown }).t : undefined;
  if (!CLIENT_FRAME_KINDS.includes(kind as never)) return fail(c, 'FRAME.UNKNOWN', `unknown frame kind ${JSON.stringify(kind) ?? 'undefined'} (expected ${CLIENT_FRAME_KINDS.join(' or ')})`);
  if (kind === 'hello') return c.peer ? fail(c, 'FRAME.UNEXPECTED', 'hello was already received') : onHello(c, raw);
  if (!c.peer) return fail(c, 'CONTROL.HELLO_REQUIRED', 'send hello first');
  if (kind === 'events') return onEvents(c, raw);
  onCommand(c, c.peer, raw);
}

function onHello(c: Conn, raw: unknown): void {
  const loose = anyHelloSchema.safeParse(raw);
  if (loose.success && loose.data.protocol !== CONTROL_PROTOCOL) return refuseAndClose(c, 'PROTOCOL.VERSION', versionMismatch('engine', loose.data.protocol));
  const parsed = clientHelloSchema.safeParse(raw);
  if (!parsed.success) return refuseAndClose(c, 'FRAME.INVALID', `bad hello: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const hello = parsed.data as ClientHello;
  const check = checkPeer(hello, c.d.engineUid);
  if (!check.ok) {
    c.d.logger.warn('control.peer_refused', { pid: hello.pid, uid: hello.uid, reason: check.reason });
    return refuseAndClose(c, 'CONTROL.PEER', `connection refused: ${check.reason}`);
  }
  c.peer = hello;
  c.verified = check.verified;
  clearTimeout(c.helloTimer);
  c.d.logger.info('control.attached', { ...label(c), readOnly: hello.readOnly, verified: check.verified, check: check.note });
  c.sent = c.d.source.getState();
  send(c, { t: 'state', state: c.sent, readOnly: hello.readOnly });
  c.unsubscribe = c.d.source.subscribe(() => pushChanges(c));
}

function onCommand(c: Conn, peer: ClientHello, raw: unknown): void {
  const frame = commandFrameSchema.safeParse(raw);
  if (!frame.success) return fail(c, 'FRAME.INVALID', `bad command frame: ${frame.error.issues[0]?.message ?? 'invalid'}`);
  const { id } = frame.data;
  const parsed = parseCommand(frame.data.command);
  if (!parsed.ok) return fail(c, 'COMMAND.INVALID', parsed.error, id);
  const claimed = frame.data.origin;
  const origin: CommandOrigin = { kind: 'socket', pid: peer.pid, uid: peer.uid, verified: c.verified, ...(claimed ? { claimed } : {}) };
  // Both: what the client says it is, and the pid/uid checked against /proc at hello.
  c.d.logger.info('control.command', { ...label(c), verified: c.verified, claimed: claimed ? describeOrigin(claimed) : null, id, command: parsed.command.type, readOnly: peer.readOnly });
  if (peer.readOnly) return send(c, { t: 'result', id, result: refused('CONTROL.READ_ONLY', 'this client attached read-only: it cannot send commands; nothing was done') });
  if (c.inFlight >= c.d.maxInFlight) return send(c, { t: 'result', id, result: refused('CONTROL.BUSY', `${c.inFlight} commands of this client are still running; nothing was done`) });
  c.inFlight += 1;
  c.d.sink.execute(parsed.command, origin).then(
    (result) => ((c.inFlight -= 1), send(c, { t: 'result', id, result })),
    (err: unknown) => ((c.inFlight -= 1), send(c, { t: 'result', id, result: refused('COMMAND.FAILED', errorMessage(err)) })),
  );
}

function onEvents(c: Conn, raw: unknown): void {
  const frame = eventsFrameSchema.safeParse(raw);
  if (!frame.success) return fail(c, 'FRAME.INVALID', `bad events frame: ${frame.error.issues[0]?.message ?? 'invalid'}`);
  c.events.set(frame.data.subscribe);
  c.d.logger.debug('control.events', { ...label(c), subscribe: frame.data.subscribe });
}
