import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { NexwaveError } from '../../engine/core/errors.js';
import { ensureOwnerDir } from './owner-only.js';

/**
 * What a Nexwave data dir may hold (see README "Data"): anything else means the directory
 * belongs to someone else, and writing into it (or, as root, into `/` through a symlink)
 * could damage their files.
 */
// `nexwave-engine.lock` was the engine lock's name in earlier builds; a stale one may remain.
const OURS = new Set(['pglite', 'sim', 'journal', 'journal.quarantine', 'backtests', 'quarantine.jsonl', 'control.sock', 'logs', 'nexwave-engine.lock', 'trading-pending.jsonl']);
/** `engine.lock` and the file it is written through (`engine.lock.<pid>.tmp`): docs/control-socket.md. */
/** `trading-pending.jsonl` is written through `trading-pending.jsonl.<pid>.tmp` (files/trading-spill.ts). */
const isOurs = (name: string): boolean => OURS.has(name) || name.startsWith('dead-letter') || name.startsWith('engine.lock') || name.startsWith('trading-pending.jsonl');

/**
 * Check and claim the data dir before anything is written in it: a missing or empty directory
 * is created (0700); one holding only Nexwave entries is used (and set to 0700); any other
 * non-empty directory is refused with STORE.DATA_DIR_INVALID, naming it, where it really
 * points (a symlink) and a few of the entries that are not ours.
 */
export function claimDataDir(dir: string): void {
  if (existsSync(dir)) {
    const real = realpathSync(dir);
    const shown = real === dir ? dir : `${dir} (a link to ${real})`;
    if (!statSync(real).isDirectory()) throw refused(shown, 'is not a directory');
    const foreign = readdirSync(real).filter((n) => !isOurs(n));
    if (foreign.length > 0) {
      const sample = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, ... (${foreign.length} in all)` : '');
      throw refused(shown, `is not empty and is not a Nexwave data dir (it holds ${sample})`);
    }
  }
  try {
    ensureOwnerDir(dir);
  } catch (err) {
    throw new NexwaveError('STORE.DATA_DIR_INVALID', `cannot create data dir ${dir}: ${(err as Error).message}; pass --data-dir or set NEXWAVE_DATA_DIR`, { cause: err });
  }
}

const refused = (dir: string, why: string): NexwaveError =>
  new NexwaveError('STORE.DATA_DIR_INVALID', `data dir ${dir} ${why}. Pass --data-dir <an empty or new directory> (or set NEXWAVE_DATA_DIR).`);
