import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import { FILE_MODE } from '../files/owner-only.js';
import { claimLock } from '../files/process-lock.js';

/** Written on first open: proves a directory is ours before PGlite is let loose on it. */
export const MARKER_FILE = 'nexwave-store.json';
/** Holds the owning process id while a store has the directory open. */
export const LOCK_FILE = 'nexwave-store.lock';
const MARKER_APP = 'nexwave-console';

export type DataDirState = 'fresh' | 'ours';

const MOVE_ASIDE = 'Move it aside (or delete it if you do not need its data), or pass --data-dir <another directory>.';

/** Error for a data dir we must not touch or cannot open. */
export function invalidDataDir(dir: string, why: string, cause?: unknown, advice = MOVE_ASIDE): NexwaveError {
  return new NexwaveError('STORE.DATA_DIR_INVALID', `embedded database directory ${dir} ${why}. ${advice}`, { cause });
}

/**
 * Claim the directory for this process; returns the release function. PGlite has no lock of
 * its own, and two processes writing one directory would corrupt it. A lock whose holder is
 * gone (or whose pid now belongs to another process: files/process-lock.ts) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  return claimLock(join(dir, LOCK_FILE), (holder) =>
    holder
      ? invalidDataDir(dir, `is in use by another Nexwave store (pid ${holder.pid})`, undefined, 'Stop that process first, or pass --data-dir <another directory>.')
      : invalidDataDir(dir, `could not be locked (${LOCK_FILE} keeps reappearing)`));
}

/**
 * 'fresh' (missing or empty: PGlite will initialise it), 'ours' (has our marker); anything else
 * is someone else's directory, and opening it could damage their files.
 */
export function inspectDataDir(dir: string): DataDirState {
  if (!existsSync(dir)) return 'fresh';
  if (!statSync(dir).isDirectory()) throw invalidDataDir(dir, 'is a file, not a directory');
  const entries = readdirSync(dir);
  if (entries.length === 0) return 'fresh';
  if (!entries.includes(MARKER_FILE)) {
    throw invalidDataDir(dir, 'is not a Nexwave data directory (it holds other files and no ' + MARKER_FILE + ')');
  }
  try {
    const marker = JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')) as { app?: unknown };
    if (marker.app !== MARKER_APP) throw new Error(`marker names app ${String(marker.app)}`);
  } catch (err) {
    throw invalidDataDir(dir, `has an unreadable ${MARKER_FILE}`, err);
  }
  return 'ours';
}

/** Mark a directory PGlite has just initialised as ours. */
export function writeMarker(dir: string, createdAt: Date): void {
  writeFileSync(join(dir, MARKER_FILE), JSON.stringify({ app: MARKER_APP, kind: 'pglite', createdAt: createdAt.toISOString() }) + '\n', { mode: FILE_MODE });
}
