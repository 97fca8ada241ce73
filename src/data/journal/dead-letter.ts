import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Tick } from '../../engine/core/types.js';
import type { DeadLetterSink } from '../../engine/ports/journal.js';

/**
 * Dead-letter file: one JSON line per rejected tick with the database's reason,
 * e.g. `{"at":"2026-11-24T05:00:00.000Z","reason":"STORE.QUERY_FAILED: ...","tick":{...}}`.
 * Rejections are rare (a bug or a schema mismatch), so each write is synced.
 */
export function createFileDeadLetter(path: string, now: () => number = Date.now): DeadLetterSink {
  const write = async (ticks: readonly Tick[], reason: string): Promise<void> => {
    if (ticks.length === 0) return;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const at = new Date(now()).toISOString();
    const text = ticks.map((tick) => JSON.stringify({ at, reason, tick }) + '\n').join('');
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
