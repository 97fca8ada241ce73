import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { FILE_MODE } from './owner-only.js';

/**
 * Who holds a lock: a pid alone is not enough, because pids are reused (a container restart
 * gives the new process the pid the old one had, often its own). Node 20 has no OS file lock
 * (flock) without a native module, so the holder is named by pid + the process's start time
 * (`/proc/<pid>/stat`, field 22, clock ticks since boot) + the boot id + a random token. A lock
 * is live only when a process with that pid exists AND started at that time in this boot.
 */
export interface Holder {
  readonly pid: number;
  /** Start time of the process (Linux); null where /proc is missing. */
  readonly start: string | null;
  readonly boot: string | null;
  readonly token: string;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
};

/** Start time of process `pid` from /proc/<pid>/stat, or null (no such process, or no /proc). */
export function processStart(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

const bootId = (): string | null => readText('/proc/sys/kernel/random/boot_id');

/**
 * USER_HZ, the unit of /proc/<pid>/stat's start time: 100 on every Linux architecture Node
 * runs on (sysconf(_SC_CLK_TCK) is not reachable from Node without a native module).
 */
const CLOCK_TICKS_PER_SEC = 100;

/** When process `pid` started, in wall-clock ms (boot time from /proc/stat + its start), or null. */
export function processStartedAt(pid: number): number | null {
  const start = processStart(pid);
  const btime = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '')?.[1];
  if (start === null || btime === undefined) return null;
  return Number(btime) * 1_000 + (Number(start) / CLOCK_TICKS_PER_SEC) * 1_000;
}

/**
 * A lock in the older bare-pid form names no start time: it is the process's only if that
 * process had started by the time the file was written (a process started after it got the
 * pid by reuse). A second of slack covers the boot-time rounding.
 */
function startedBeforeLock(path: string, pid: number): boolean {
  const started = processStartedAt(pid);
  let written: number;
  try {
    written = statSync(path).mtimeMs;
  } catch {
    return false;
  }
  return started === null || started <= written + 1_000;
}

const pidExists = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
};

/** Locks this process holds, by path -> token (a second open in the same process is refused). */
const held = new Map<string, string>();

/** Parse a lock file: the current JSON form, or the older bare pid. */
export function parseHolder(text: string): Holder | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start: null, boot: null, token: '' };
  try {
    const h = JSON.parse(trimmed) as Partial<Holder>;
    if (typeof h.pid !== 'number' || typeof h.token !== 'string') return null;
    return { pid: h.pid, start: typeof h.start === 'string' ? h.start : null, boot: typeof h.boot === 'string' ? h.boot : null, token: h.token };
  } catch {
    return null;
  }
}

/**
 * Is the process named in a lock file still the one that wrote it? Our own pid counts only
 * when this process really holds that lock (same token): otherwise the pid was reused.
 */
export function holderAlive(path: string, h: Holder): boolean {
  if (h.pid === process.pid) return held.get(path) === h.token && h.token !== '';
  if (!Number.isInteger(h.pid) || h.pid <= 0 || !pidExists(h.pid)) return false;
  if (h.boot !== null && bootId() !== null && h.boot !== bootId()) return false;
  if (h.start === null) return h.token !== '' || startedBeforeLock(path, h.pid);
  const now = processStart(h.pid);
  return now === null || now === h.start;
}

/**
 * Create the lock file for this process (fails with EEXIST when one is there). It is written
 * aside and hard-linked into place, so a reader never finds it empty.
 */
export function writeLock(path: string): () => void {
  const me: Holder = { pid: process.pid, start: processStart(process.pid), boot: bootId(), token: randomBytes(12).toString('hex') };
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(me)}\n`, { mode: FILE_MODE });
  try {
    linkSync(aside, path);
  } finally {
    rmSync(aside, { force: true });
  }
  held.set(path, me.token);
  let released = false;
  // Idempotent, and only ever removes our own lock (not one taken since by another process).
  return () => {
    if (released) return;
    released = true;
    held.delete(path);
    if (parseHolder(readText(path) ?? '')?.token === me.token) rmSync(path, { force: true });
  };
}

/** The live process holding the lock at `path`, or null (none, unreadable, or stale). */
export function liveHolder(path: string): Holder | null {
  const h = parseHolder(readText(path) ?? '');
  return h && holderAlive(path, h) ? h : null;
}

/**
 * Take the lock at `path`, taking over a stale one. `refuse` makes the error when a live
 * process holds it (or, given null, when the lock keeps reappearing: another is starting).
 */
export function claimLock(path: string, refuse: (holder: Holder | null) => Error): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return writeLock(path);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const seen = readText(path);
      const holder = liveHolder(path);
      if (holder) throw refuse(holder);
      if (seen !== null) removeStale(path, seen);
    }
  }
  throw refuse(null);
}

/**
 * Remove the stale lock whose text was `stale`, and nothing else: another process may have
 * taken the lock over between our check and now. The file is renamed aside (atomic) and
 * compared; a lock that is not the stale one is put back (a hard link, so it never
 * replaces one taken meanwhile). True when the stale lock was removed.
 */
export function removeStale(path: string, stale: string): boolean {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readText(aside);
  if (moved !== stale) {
    try {
      linkSync(aside, path);
    } catch {
      // Another lock is in place already: the one moved aside lost its race to it.
    }
  }
  rmSync(aside, { force: true });
  return moved === stale;
}
