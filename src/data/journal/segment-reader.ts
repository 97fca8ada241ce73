import { open } from 'node:fs/promises';
import { NexwaveError } from '../../engine/core/errors.js';
import type { Tick } from '../../engine/core/types.js';
import { decodeLine } from './codec.js';

const CHUNK = 1 << 20;

/** A damaged tail: what a process killed mid-append leaves behind. */
export interface TornTail {
  readonly path: string;
  readonly offset: number;
  readonly bytes: number;
}

/**
 * Read the records of one segment file in order. A damaged LAST record (no
 * newline, or a bad checksum with nothing after it) is a torn write: it is
 * reported through `onTorn` and skipped. A damaged record with data after it
 * cannot come from a torn append, so it is `JOURNAL.CORRUPT`, naming the file
 * and offset: the operator decides, nothing is skipped silently.
 */
export async function* readSegment(path: string, onTorn: (t: TornTail) => void): AsyncGenerator<Tick[]> {
  const fh = await open(path, 'r');
  try {
    let pending = Buffer.alloc(0);
    let offset = 0;
    let bad: { offset: number; bytes: number } | null = null;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      pending = pending.length === 0 ? buf.subarray(0, bytesRead) : Buffer.concat([pending, buf.subarray(0, bytesRead)]);
      let nl: number;
      while ((nl = pending.indexOf(0x0a)) >= 0) {
        if (bad) throw corrupt(path, bad.offset);
        const line = pending.subarray(0, nl);
        const ticks = decodeLine(line, `${path}@${offset}`);
        if (ticks === null) bad = { offset, bytes: nl + 1 };
        else yield ticks;
        offset += nl + 1;
        pending = pending.subarray(nl + 1);
      }
    }
    if (bad && pending.length > 0) throw corrupt(path, bad.offset);
    if (bad) onTorn({ path, offset: bad.offset, bytes: bad.bytes });
    else if (pending.length > 0) onTorn({ path, offset, bytes: pending.length });
  } finally {
    await fh.close();
  }
}

const corrupt = (path: string, offset: number): NexwaveError =>
  new NexwaveError(
    'JOURNAL.CORRUPT',
    `journal ${path} is damaged at byte ${offset} (a bad record followed by more data); ` +
      'move the file aside to start, and inspect it to recover its ticks',
  );
