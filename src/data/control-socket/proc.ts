/**
 * What Linux's /proc says about a process. Elsewhere (no /proc) every answer is null,
 * and callers fall back to what the platform can tell (process.kill(pid, 0)).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat); null when unknown. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : null;
  } catch {
    return null;
  }
}

/** Effective uid of a process (second field of `Uid:` in /proc/<pid>/status); null when unknown. */
export function processUid(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:'));
    const euid = Number(line?.split(/\s+/)[2]);
    return Number.isInteger(euid) ? euid : null;
  } catch {
    return null;
  }
}

/** 'yes' / 'no' when /proc/<pid>/fd could be read, 'unknown' when it could not (another user, no /proc). */
export function holdsSocket(pid: number, inode: number): 'yes' | 'no' | 'unknown' {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return 'unknown';
  }
  const want = `socket:[${inode}]`;
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) === want) return 'yes';
    } catch {
      // closed between readdir and readlink
    }
  }
  return 'no';
}

/** Inode of one of our own file descriptors when it is a socket (Linux), else null. */
export function ownSocketInode(fd: number | undefined): number | null {
  if (fd === undefined || fd < 0) return null;
  try {
    const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
