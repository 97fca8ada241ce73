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
  /** The segment ends in a record without its newline: a torn append (a process killed mid-write). */
  readonly onTorn: (t: TornTail) => void;
  /** A record ended by its newline that is damaged (disk damage, a stray write): skipped. */
  readonly onDamaged: (d: BadRange) => void;
}

/**
 * Read the records of one segment file in order. A damaged record never stops the read.
 * Only an unterminated tail is a torn write (`onTorn`): an append writes its record and
 * newline together, so a record that has its newline was written whole, and damage in it
 * (bad checksum, or a checksum that holds over data that is not ticks) is reported through
 * `onDamaged` with its byte range and skipped, the last record of the segment included. One
 * bad record costs only its own ticks, which the caller keeps aside for an operator
 * (file-journal.ts quarantines the bytes).
 */
export async function* readSegment(path: string, events: SegmentEvents): AsyncGenerator<Tick[]> {
  const fh = await open(path, 'r');
  try {
    let pending = Buffer.alloc(0);
    let offset = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      pending = pending.length === 0 ? buf.subarray(0, bytesRead) : Buffer.concat([pending, buf.subarray(0, bytesRead)]);
      let nl: number;
      while ((nl = pending.indexOf(0x0a)) >= 0) {
        const ticks = decodeSafely(pending.subarray(0, nl), `${path}@${offset}`);
        if (ticks === null) events.onDamaged({ path, offset, bytes: nl + 1 });
        else yield ticks;
        offset += nl + 1;
        pending = pending.subarray(nl + 1);
      }
    }
    if (pending.length > 0) events.onTorn({ path, offset, bytes: pending.length });
  } finally {
    await fh.close();
  }
}

/** Ticks, or null for a record that fails its checksum or does not hold ticks. */
function decodeSafely(line: Buffer, where: string): Tick[] | null {
  try {
    return decodeLine(line, where);
  } catch {
    return null;
  }
}
