/**
 * Where a running engine can be found: one engine per data dir, whatever its venue, so
 * `nexwave attach`, `status` and `flatten` need nothing but the data dir.
 *
 * - `<dataDir>/control.sock`: the control socket (mode 0600, in a 0700 data dir)
 * - `<dataDir>/engine.lock`: who owns the data dir (src/data/files/engine-lock.ts)
 */
import { join } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import { ENGINE_LOCK_FILE } from '../files/engine-lock.js';

export const SOCKET_FILE = 'control.sock';
/** sockaddr_un.sun_path holds 108 bytes on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

export interface ControlPaths {
  readonly dir: string;
  readonly socket: string;
  readonly lock: string;
}

export function controlPaths(dataDir: string): ControlPaths {
  const socket = join(dataDir, SOCKET_FILE);
  const bytes = Buffer.byteLength(socket);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new NexwaveError('CONTROL.UNSAFE', `control socket path ${socket} is ${bytes} bytes, longer than a Unix socket path may be (${MAX_SOCKET_PATH_BYTES}): use a shorter --data-dir`);
  }
  return { dir: dataDir, socket, lock: join(dataDir, ENGINE_LOCK_FILE) };
}
