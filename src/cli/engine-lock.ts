/**
 * One engine per data dir: a running engine holds `<data dir>/nexwave-engine.lock` (its
 * pid). `nexwave flatten` checks it, so it never races a running engine's kill switch.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NexwaveError } from '../engine/core/errors.js';

export const ENGINE_LOCK = 'nexwave-engine.lock';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
};

/** The pid of a live engine holding the data dir, else null (a stale lock counts as none). */
export function engineHolder(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, ENGINE_LOCK), 'utf8'), 10);
    return Number.isInteger(pid) && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** Claim the data dir for this process (engine or flatten); returns the release function. */
export function lockEngine(dataDir: string, what: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, ENGINE_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      let held = true;
      return () => {
        if (held) rmSync(path, { force: true });
        held = false;
      };
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
