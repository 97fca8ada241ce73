/**
 * The control socket's protocol (docs/control-socket.md): JSON lines over a Unix domain
 * socket. The engine speaks first (`hello` with its protocol version), the client answers
 * with its own `hello` (version, pid, uid, socket inode, read-only), then the engine sends
 * the full `state` and, about every 100 ms while something changes, a `patch`
 * (state-diff.ts). Commands go in as `command` frames with a client-chosen id and come
 * back as a `result` with the same id, carrying the origin the client claims (a console key,
 * `nexwave flatten`). A client that wants the engine's events sends `events` and then gets
 * every EngineEvent as an `event` frame. A bad frame gets an `error` and changes nothing.
 */
import { z } from 'zod';
import { claimedOriginSchema } from './command-schema.js';
import type { ClaimedOrigin, CommandResult } from './command.js';
import type { EngineEvent } from './engine-event.js';
import type { EngineState } from './engine-state.js';
import type { PatchOp } from './state-diff.js';

/**
 * Bumped on any change an older peer would misread. Peers with another version are told to upgrade.
 * 2: command frames carry the client's claimed origin; `events` subscription and `event` frames.
 */
export const CONTROL_PROTOCOL = 2;
/** Longest frame a client may send (a command is under 200 bytes). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** Who runs the engine, sent in the engine's hello. */
export interface EngineInfo {
  readonly pid: number;
  readonly startedAt: number;
  readonly version: string;
}

export type ServerFrame =
  | { readonly t: 'hello'; readonly protocol: number; readonly engine: EngineInfo }
  | { readonly t: 'state'; readonly state: EngineState; readonly readOnly: boolean }
  | { readonly t: 'patch'; readonly ops: readonly PatchOp[] }
  | { readonly t: 'result'; readonly id: number; readonly result: CommandResult }
  | { readonly t: 'error'; readonly code: string; readonly message: string; readonly id?: number }
  /** One EngineEvent, to a client that subscribed; `dropped` events before it were not sent (the client was not reading). */
  | { readonly t: 'event'; readonly event: EngineEvent; readonly dropped?: number }
  /** The engine is stopping; the connection closes after this frame. */
  | { readonly t: 'bye'; readonly reason: string };

export interface ClientHello {
  readonly t: 'hello';
  readonly protocol: number;
  readonly pid: number;
  readonly uid: number;
  /** Inode of the client's end of the socket (Linux: from /proc/self/fd), null where unknown. */
  readonly inode: number | null;
  readonly readOnly: boolean;
  /** "nexwave attach 0.1.0": for the log. */
  readonly client: string;
}

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const posInt = z.number().int().nonnegative().max(2 ** 32);

/** Any hello, read loosely first so a peer of another version still learns ours. */
export const anyHelloSchema = z.object({ t: z.literal('hello'), protocol: z.number().int() });

export const clientHelloSchema = z.strictObject({
  t: z.literal('hello'),
  protocol: z.literal(CONTROL_PROTOCOL),
  pid: posInt,
  uid: posInt,
  inode: z.number().int().nonnegative().nullable(),
  readOnly: z.boolean(),
  client: z.string().max(100),
});

/** A command frame's envelope; the command itself goes through parseCommand. */
export const commandFrameSchema = z.strictObject({ t: z.literal('command'), id, command: z.unknown(), origin: claimedOriginSchema.optional() });

/** Opt in to (or out of) `event` frames. */
export const eventsFrameSchema = z.strictObject({ t: z.literal('events'), subscribe: z.boolean() });

/** Kinds a client may send. */
export const CLIENT_FRAME_KINDS = ['hello', 'command', 'events'] as const;

/** A command frame as a client writes it. */
export interface CommandFrame {
  readonly t: 'command';
  readonly id: number;
  readonly command: unknown;
  readonly origin?: ClaimedOrigin;
}

/** Envelopes of what the engine sends (the state itself is the engine's own output, not re-validated). */
export const serverFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), protocol: z.number().int(), engine: z.object({ pid: z.number(), startedAt: z.number(), version: z.string() }) }),
  z.object({ t: z.literal('state'), state: z.object({ run: z.object({ pid: z.number() }).passthrough() }).passthrough(), readOnly: z.boolean() }),
  z.object({ t: z.literal('patch'), ops: z.array(z.object({ p: z.array(z.union([z.string(), z.number()])) }).passthrough()) }),
  z.object({ t: z.literal('result'), id, result: z.object({ status: z.enum(['accepted', 'refused']) }).passthrough() }),
  z.object({ t: z.literal('error'), code: z.string(), message: z.string(), id: id.optional() }),
  z.object({ t: z.literal('bye'), reason: z.string() }),
  z.object({ t: z.literal('event'), event: z.object({ type: z.string(), at: z.number() }).passthrough(), dropped: z.number().int().nonnegative().optional() }),
]);

/** What a person reads when the two ends speak different versions. */
export function versionMismatch(side: 'client' | 'engine', theirs: number, engineVersion?: string): string {
  const engine = engineVersion ? ` (nexwave ${engineVersion})` : '';
  if (side === 'client') {
    return theirs > CONTROL_PROTOCOL
      ? `the running engine${engine} speaks control protocol ${theirs}, this nexwave speaks ${CONTROL_PROTOCOL}: upgrade this nexwave to attach to it`
      : `the running engine${engine} speaks control protocol ${theirs}, this nexwave speaks ${CONTROL_PROTOCOL}: restart the engine with this nexwave, or use the nexwave that started it`;
  }
  return theirs < CONTROL_PROTOCOL
    ? `this client speaks control protocol ${theirs}, the engine speaks ${CONTROL_PROTOCOL}: upgrade the client (nexwave) to attach`
    : `this client speaks control protocol ${theirs}, the engine speaks ${CONTROL_PROTOCOL}: the engine is older; restart it with the newer nexwave`;
}
