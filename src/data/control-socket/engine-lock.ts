/**
 * One engine per data dir. `<dataDir>/engine.lock` holds the owner's pid and its process
 * start time, so a pid reused by an unrelated process after a crash is not mistaken for a
 * running engine. A lock whose owner is gone is taken over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { NexwaveError } from '../../engine/core/errors.js';
import { isAlive, processStartTime } from './proc.js';

export interface EngineLockInfo {
  readonly pid: number;
  /** Clock ticks since boot (Linux), null elsewhere. */
  readonly processStart: number | null;
  readonly startedAt: number;
}

/** The lock's owner when it is a live process, else null (no lock, unreadable or stale). */
export function readEngineLock(path: string): EngineLockInfo | null {
  let info: EngineLockInfo;
  try {
    info = JSON.parse(readFileSync(path, 'utf8')) as EngineLockInfo;
  } catch {
    return null;
  }
  if (!Number.isInteger(info.pid) || info.pid <= 0 || !isAlive(info.pid)) return null;
  const start = processStartTime(info.pid);
  if (info.processStart !== null && start !== null && start !== info.processStart) return null;
  return info;
}

export function engineRunning(dataDir: string, info: EngineLockInfo): NexwaveError {
  return new NexwaveError('ENGINE.RUNNING', `an engine is already running on data dir ${dataDir} (pid ${info.pid}, since ${new Date(info.startedAt).toISOString()}): attach to it with \`nexwave attach\`, or stop it first`);
}

/** Claim the data dir for this process's engine; returns the release function. Throws ENGINE.RUNNING when another holds it. */
export function lockEngine(path: string, dataDir: string, now: number): () => void {
  const mine: EngineLockInfo = { pid: process.pid, processStart: processStartTime(process.pid), startedAt: now };
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written aside, then linked into place: the lock never exists without its content.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
    try {
      linkSync(tmp, path);
      let held = true;
      return () => {
        if (held && readEngineLock(path)?.pid === process.pid) rmSync(path, { force: true });
        held = false;
      };
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const owner = readEngineLock(path);
      if (owner) throw engineRunning(dataDir, owner);
      rmSync(path, { force: true });
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  throw new NexwaveError('ENGINE.RUNNING', `${path} keeps reappearing: another engine is starting on data dir ${dataDir}`);
}
