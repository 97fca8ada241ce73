import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import { errorMessage } from '../../engine/core/error-message.js';
import { ensureOwnerDir, restrictTree } from './owner-only.js';

/**
 * What a Nexwave data dir may hold (see README "Data"): anything else means the directory
 * belongs to someone else, and writing into it (or, as root, into `/` through a symlink)
 * could damage their files. `<data dir>/sim` holds the same kinds of entries.
 */
// `nexwave-engine.lock` was the engine lock's name in earlier builds; a stale one may remain.
const OURS = new Set(['pglite', 'sim', 'journal', 'journal.quarantine', 'backtests', 'quarantine.jsonl', 'control.sock', 'logs', 'nexwave-engine.lock', 'trading-pending.jsonl']);
/** `engine.lock` and the file it is written through (`engine.lock.<pid>.tmp`): docs/control-socket.md. */
/** `trading-pending.jsonl` is written through `trading-pending.jsonl.<pid>.tmp` (files/trading-spill.ts). */
const isOurs = (name: string): boolean =>
  OURS.has(name) || name.startsWith('dead-letter') || name.startsWith('quarantine.jsonl') || name.startsWith('engine.lock') || name.startsWith('trading-pending.jsonl');

/**
 * Refuse a data dir that is not ours, touching nothing: the data dir and `<data dir>/sim`,
 * when they exist (through symlinks too), must be directories holding only Nexwave entries.
 * Every command that uses a data dir runs this before anything else (run-cli.ts), so a
 * foreign directory is never chmodded, locked or written into. STORE.DATA_DIR_INVALID names
 * the directory, where it really points (a symlink) and a few of the entries that are not ours.
 */
export function checkDataDir(dir: string): void {
  checkOne(dir);
  const sim = join(dir, 'sim');
  if (isPresent(sim)) checkOne(sim);
}

/**
 * Check the data dir (checkDataDir), then create it when missing (0700) or set it to 0700,
 * and tighten what is in it: files an older build left 0644 (a dead-letter file, a journal)
 * become 0600, directories 0700. Returns how many entries were tightened.
 */
export function claimDataDir(dir: string): number {
  checkDataDir(dir);
  try {
    ensureOwnerDir(dir);
  } catch (err) {
    throw new NexwaveError('STORE.DATA_DIR_INVALID', `cannot create data dir ${dir}: ${errorMessage(err)}; pass --data-dir or set NEXWAVE_DATA_DIR`, { cause: err });
  }
  return restrictTree(dir);
}

/** Present as an entry, a dangling symlink included (it would be followed on write). */
function isPresent(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function checkOne(dir: string): void {
  if (!existsSync(dir)) {
    if (isPresent(dir)) throw refused(`${dir} (a dangling link)`, 'does not point to a directory');
    return;
  }
  const real = realpathSync(dir);
  const shown = real === dir ? dir : `${dir} (a link to ${real})`;
  if (!statSync(real).isDirectory()) throw refused(shown, 'is not a directory');
  const foreign = readdirSync(real).filter((n) => !isOurs(n));
  if (foreign.length > 0) {
    const sample = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, ... (${foreign.length} in all)` : '');
    throw refused(shown, `is not empty and is not a Nexwave data dir (it holds ${sample})`);
  }
}

const refused = (dir: string, why: string): NexwaveError =>
  new NexwaveError('STORE.DATA_DIR_INVALID', `data dir ${dir} ${why}. Pass --data-dir <an empty or new directory> (or set NEXWAVE_DATA_DIR).`);
