import { existsSync } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import type { Tick } from '../../engine/core/types.js';
import type { DeadLetterSink } from '../../engine/ports/journal.js';

/** A size cap: past `maxBytes` the file is rotated once to `<path>.1`; with both full, writes fail. */
export interface FileCap {
  readonly maxBytes: number;
}

/**
 * Dead-letter file: one JSON line per rejected tick with the database's reason,
 * e.g. `{"at":"2026-11-24T05:00:00.000Z","reason":"STORE.QUERY_FAILED: ...","tick":{...}}`.
 * Rejections are rare (a bug or a schema mismatch), so each write is synced. With a `cap`
 * (the quarantine audit file, which a flood of bad prints could grow without end) the disk
 * holds at most two files of `maxBytes`: the first full one is rotated to `<path>.1` and a new
 * one started; once that is full too, writes fail with JOURNAL.FILE_FULL (the caller counts the ticks
 * as unrecorded), keeping the earliest evidence until an operator moves the files away.
 */
export function createFileDeadLetter(path: string, now: () => number = Date.now, cap?: FileCap): DeadLetterSink {
  const write = async (ticks: readonly Tick[], reason: string): Promise<void> => {
    if (ticks.length === 0) return;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const at = new Date(now()).toISOString();
    const text = ticks.map((tick) => JSON.stringify({ at, reason, tick }) + '\n').join('');
    if (cap) await makeRoom(path, Buffer.byteLength(text), cap.maxBytes);
    const fh = await open(path, 'a', 0o600);
    try {
      // A file left by an older version (or another umask) is made owner-only too.
      await fh.chmod(0o600);
      await fh.write(text);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  };
  return { location: path, write };
}

async function makeRoom(path: string, bytes: number, maxBytes: number): Promise<void> {
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size === 0 || size + bytes <= maxBytes) return;
  const older = `${path}.1`;
  if (existsSync(older)) {
    throw new NexwaveError('JOURNAL.FILE_FULL', `${path} and ${older} are full (${Math.round(maxBytes / 1e6)} MB each): move them aside to record more`);
  }
  await rename(path, older);
}
