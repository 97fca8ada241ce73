import { open } from 'node:fs/promises';
import type { Tick } from '../../engine/core/types.js';
import { decodeLine } from './codec.js';

const CHUNK = 1 << 20;

/** A byte range of a segment that holds no usable record. */
export interface BadRange {
  readonly path: string;
  readonly offset: number;
  readonly bytes: number;
}
/** A damaged tail: what a process killed mid-append leaves behind. */
export type TornTail = BadRange;

export interface SegmentEvents {
  /** The last record is cut short or fails its checksum: a torn append. */
  readonly onTorn: (t: TornTail) => void;
  /** A damaged record with good data after it (disk damage, a stray write): skipped. */
  readonly onDamaged: (d: BadRange) => void;
}

/**
 * Read the records of one segment file in order. A damaged record never stops the read:
 * the LAST one is a torn write (`onTorn`); one in the middle (bad checksum, or a checksum
 * that holds over data that is not ticks) is reported through `onDamaged` with its byte
 * range and skipped, so one bad record costs only its own ticks, which the caller keeps
 * aside for an operator (file-journal.ts quarantines the bytes).
 */
export async function* readSegment(path: string, events: SegmentEvents): AsyncGenerator<Tick[]> {
  const fh = await open(path, 'r');
  try {
    let pending = Buffer.alloc(0);
    let offset = 0;
    let bad: BadRange | null = null;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      pending = pending.length === 0 ? buf.subarray(0, bytesRead) : Buffer.concat([pending, buf.subarray(0, bytesRead)]);
      let nl: number;
      while ((nl = pending.indexOf(0x0a)) >= 0) {
        // More data after a bad record: it was not the last write, so it is damage.
        if (bad) events.onDamaged(bad);
        bad = null;
        const ticks = decodeSafely(pending.subarray(0, nl), `${path}@${offset}`);
        if (ticks === null) bad = { path, offset, bytes: nl + 1 };
        else if (ticks === 'damaged') events.onDamaged({ path, offset, bytes: nl + 1 });
        else yield ticks;
        offset += nl + 1;
        pending = pending.subarray(nl + 1);
      }
    }
    if (bad && pending.length > 0) events.onDamaged(bad);
    else if (bad) events.onTorn(bad);
    if (pending.length > 0) events.onTorn({ path, offset, bytes: pending.length });
  } finally {
    await fh.close();
  }
}

/**
 * Ticks; null for a failed checksum (torn or damaged, depending on what follows); 'damaged'
 * for a checksum that holds over content that is not ticks (never a torn write).
 */
function decodeSafely(line: Buffer, where: string): Tick[] | null | 'damaged' {
  try {
    return decodeLine(line, where);
  } catch {
    return 'damaged';
  }
}
