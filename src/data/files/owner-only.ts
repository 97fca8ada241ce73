import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Owner-only files: the data dir holds the market data, the journal, the dead letters and the
 * embedded database (its `postgresql.conf` included), so no other local user may read or write
 * any of it, whatever the umask: directories 0700, files 0600.
 */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** `mkdir -p` with owner-only modes, and the leaf set to 0700 even when it already existed. */
export function ensureOwnerDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/**
 * Set 0700 on every directory and 0600 on every file under `dir` (itself included). Symbolic
 * links are not followed: what they point to is not ours to change. Returns how many entries
 * were changed. Entries that vanish meanwhile (a database working in the directory) are skipped.
 */
export function restrictTree(dir: string): number {
  let changed = 0;
  const walk = (path: string): void => {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return;
    }
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? DIR_MODE : FILE_MODE;
    if ((st.mode & 0o777) !== want) {
      try {
        chmodSync(path, want);
        changed++;
      } catch {
        return;
      }
    }
    if (!st.isDirectory()) return;
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch {
      return;
    }
    for (const name of names) walk(join(path, name));
  };
  walk(dir);
  return changed;
}
