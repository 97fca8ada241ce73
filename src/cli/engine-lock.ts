/**
 * One engine per data dir: a running engine holds `<data dir>/nexwave-engine.lock` (who, as
 * in src/data/files/process-lock.ts: pid, start time, boot id, token, so a reused pid is
 * not mistaken for the holder). `nexwave flatten` takes the same lock, so it never races a
 * running engine's kill switch.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { holderAlive, parseHolder, writeLock } from '../data/files/process-lock.js';
import { NexwaveError } from '../engine/core/errors.js';

export const ENGINE_LOCK = 'nexwave-engine.lock';

/** The pid of a live engine holding the data dir, else null (a stale lock counts as none). */
export function engineHolder(dataDir: string): number | null {
  const path = join(dataDir, ENGINE_LOCK);
  try {
    const h = parseHolder(readFileSync(path, 'utf8'));
    return h && holderAlive(path, h) ? h.pid : null;
  } catch {
    return null;
  }
}

/** Claim the data dir for this process (engine or flatten); returns the release function. */
export function lockEngine(dataDir: string, what: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, ENGINE_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return writeLock(path);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const pid = engineHolder(dataDir);
      if (pid !== null) {
        throw new NexwaveError('STORE.DATA_DIR_INVALID', `${what}: an engine (pid ${pid}) is running on data dir ${dataDir}. Use its kill switch (console or control socket), or stop it first.`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new NexwaveError('STORE.DATA_DIR_INVALID', `${what}: ${ENGINE_LOCK} in ${dataDir} keeps reappearing`);
}
