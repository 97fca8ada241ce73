/**
 * One engine per data dir: `<data dir>/engine.lock` names the process that owns it (pid,
 * process start time, boot id and a token, as in process-lock.ts, so a reused pid is never
 * mistaken for the owner; a stale lock is taken over). docs/control-socket.md.
 *
 * Re-entrant within a process: the console claims the data dir when it starts serving its
 * control socket, and the runtime it then opens claims it again; the file goes when the last
 * claim is released. `nexwave flatten` without an engine takes the same lock, so it never
 * races an engine's kill switch, and no engine starts while it works.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { claimLock, type Holder } from './process-lock.js';
import { DIR_MODE } from './owner-only.js';

export const ENGINE_LOCK_FILE = 'engine.lock';

/** This process's claims on data dirs, by lock path. */
const claims = new Map<string, { count: number; release: () => void }>();

/**
 * Claim the data dir for this process; returns the release function (idempotent). When
 * another live process holds it, throws what `refuse` makes of it (null: the lock keeps
 * reappearing, another process is starting right now).
 */
export function claimEngine(dataDir: string, refuse: (holder: Holder | null) => Error): () => void {
  const path = join(dataDir, ENGINE_LOCK_FILE);
  let claim = claims.get(path);
  if (claim) claim.count += 1;
  else {
    mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
    claim = { count: 1, release: claimLock(path, refuse) };
    claims.set(path, claim);
  }
  const mine = claim;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    mine.count -= 1;
    if (mine.count > 0) return;
    claims.delete(path);
    mine.release();
  };
}
