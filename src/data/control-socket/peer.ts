/**
 * Who is on the other end of a control connection. Node exposes no SO_PEERCRED, so the
 * client states its pid, uid and the inode of its end of the socket in its hello, and on
 * Linux the engine checks that claim against /proc:
 *
 * 1. the uid is one the socket's permissions let in: the engine's own, or root;
 * 2. /proc/<pid> exists and that process's effective uid is the claimed uid;
 * 3. that process holds an open socket with the claimed inode (/proc/<pid>/fd).
 *
 * A contradiction refuses the connection. What cannot be checked is said, not assumed:
 * /proc/<pid>/fd of another user's process (root attaching to a user's engine) is not
 * readable, so such a client is logged as unverified. Not proven: that the inode is the
 * peer of this very connection (that needs SO_PEERCRED or sock_diag); a process of the same
 * user could name another of that user's processes. Who may connect at all is enforced by
 * the kernel through the 0700 data dir and the 0600 socket, not by this check.
 */
import { existsSync } from 'node:fs';
import type { ClientHello } from '../../engine/core/spine/control-protocol.js';
import { holdsSocket, processUid } from './proc.js';

export type PeerCheck =
  | { readonly ok: true; readonly verified: boolean; readonly note: string }
  | { readonly ok: false; readonly reason: string };

export function checkPeer(hello: ClientHello, engineUid: number): PeerCheck {
  const { pid, uid, inode } = hello;
  if (uid !== engineUid && uid !== 0) return { ok: false, reason: `uid ${uid} is neither the engine's (${engineUid}) nor root` };
  if (!existsSync('/proc/self/fd')) return { ok: true, verified: false, note: 'no /proc on this system: pid and uid as the client stated them' };
  const actual = processUid(pid);
  if (actual === null) return { ok: false, reason: `no process ${pid} (the pid the client stated)` };
  if (actual !== uid) return { ok: false, reason: `process ${pid} runs as uid ${actual}, not ${uid} as the client stated` };
  if (inode === null) return { ok: false, reason: 'the client did not state its socket inode' };
  const held = holdsSocket(pid, inode);
  if (held === 'no') return { ok: false, reason: `process ${pid} holds no socket with inode ${inode}` };
  if (held === 'unknown') return { ok: true, verified: false, note: `uid checked; the sockets of process ${pid} are not readable by the engine` };
  return { ok: true, verified: true, note: 'pid, uid and socket inode checked against /proc' };
}
