import { chmod, mkdir, open, readdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import type { Tick } from '../../engine/core/types.js';
import type { Journal, JournalSize } from '../../engine/ports/journal.js';
import type { Logger } from '../../engine/ports/logger.js';
import { encodeRecords } from './codec.js';
import { readSegment, type BadRange, type SegmentEvents, type TornTail } from './segment-reader.js';
import { errorMessage } from '../../engine/core/error-message.js';
import { createSerial } from '../../engine/core/serial.js';

/**
 * File journal: a directory of append-only segment files `seg-NNNNNNNNNN.jsonl`
 * (records: see codec.ts), replayed in name order.
 *
 * - A process only ever appends to a segment it created itself; `replay` seals
 *   the open segment, so ticks appended during a replay land in a new one and
 *   `truncate` can delete consumed segments whole (no rewrite, no lost appends).
 * - fsync policy: every `append` is written with one write and `fdatasync`ed
 *   before it resolves, and the directory is fsynced when a segment is created
 *   or deleted. Appends happen only while the database is down and memory is
 *   full, in large batches, so the sync cost is paid rarely and a journaled
 *   tick survives a kill or a power cut.
 * - A torn last record is skipped with a warning (`journal.torn_tail`). A record
 *   damaged in the middle of a file is skipped too: at open its bytes are copied to
 *   `<journal>.quarantine/<segment>@<from>-<to>.bad` and logged (`journal.quarantined`,
 *   with the byte range), and every other record replays; collecting goes on.
 */
export interface FileJournalOptions {
  /** The journal directory, e.g. `<data dir>/journal` (created if missing). */
  readonly dir: string;
  readonly logger: Logger;
}

interface Segment {
  readonly path: string;
  bytes: number;
  rows: number;
  /** Every batch of it was pulled past by a replay: its rows are committed. */
  consumed: boolean;
  /** Leading ticks committed by replays of this process so far (skipped by the next replay). */
  replayed: number;
}

const SEGMENT = /^seg-(\d{10})\.jsonl$/;

/** Open (or create) the journal in `dir`, checking every existing record. */
export async function openFileJournal(opts: FileJournalOptions): Promise<Journal> {
  const { dir, logger } = opts;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const names = (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort();
  const quarantineDir = `${dir}.quarantine`;
  const damaged: BadRange[] = [];
  const scanEvents: SegmentEvents = {
    onTorn: (t: TornTail) => logger.warn('journal.torn_tail', { ...t, action: 'skipped' }),
    onDamaged: (d) => damaged.push(d),
  };
  const segments: Segment[] = [];
  for (const name of names) segments.push(await scanSegment(join(dir, name), scanEvents));
  for (const d of damaged) await quarantine(d, quarantineDir, logger);
  let nextSeq = names.length === 0 ? 1 : Number(SEGMENT.exec(names[names.length - 1] ?? '')?.[1]) + 1;
  let active: { fh: FileHandle; seg: Segment } | null = null;
  /** Serialise appends, seals and truncations (replays read sealed files only). */
  const lock = createSerial();
  const locked = <T>(fn: () => Promise<T>): Promise<T> => lock.run(fn);
  const seal = async (): Promise<void> => {
    const a = active;
    active = null;
    if (a) await a.fh.close();
  };

  const append = (ticks: readonly Tick[]): Promise<void> =>
    locked(async () => {
      if (ticks.length === 0) return;
      if (!active) {
        const path = join(dir, `seg-${String(nextSeq++).padStart(10, '0')}.jsonl`);
        const fh = await open(path, 'wx', 0o600);
        await syncDir(dir);
        active = { fh, seg: { path, bytes: 0, rows: 0, consumed: false, replayed: 0 } };
        segments.push(active.seg);
      }
      const { fh, seg } = active;
      const buf = encodeRecords(ticks);
      try {
        await writeAll(fh, buf);
        await fh.datasync();
      } catch (cause) {
        // A failed write may leave a partial record: close this segment so that
        // torn record stays its last one, and let the caller keep the ticks.
        await seal().catch(() => undefined);
        throw new NexwaveError('JOURNAL.WRITE_FAILED', `cannot append to journal ${seg.path}: ${errorMessage(cause)}`, { cause });
      }
      seg.bytes += buf.length;
      seg.rows += ticks.length;
    });

  async function* replay(batchSize: number): AsyncGenerator<readonly Tick[]> {
    if (!(batchSize >= 1)) throw new RangeError(`batchSize must be >= 1: ${batchSize}`);
    const todo = await locked(async () => {
      await seal();
      return segments.filter((s) => !s.consumed);
    });
    for (const seg of todo) {
      let batch: Tick[] = [];
      // Ticks an earlier, interrupted replay already had committed are not sent again (a
      // flapping database would otherwise re-send, and count, a segment's head each time).
      let skip = seg.replayed;
      // Torn and damaged records were reported (and quarantined) when the journal was opened.
      for await (const ticks of readSegment(seg.path, QUIET)) {
        for (const t of ticks) {
          if (skip > 0) {
            skip--;
            continue;
          }
          batch.push(t);
          if (batch.length >= batchSize) {
            yield batch;
            // Reached only once the caller pulls past the batch, i.e. after it committed it.
            seg.replayed += batch.length;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
      // Reached only when the caller pulls past the last batch, i.e. after it committed it.
      seg.consumed = true;
    }
  }

  const truncate = (): Promise<void> =>
    locked(async () => {
      const done = segments.filter((s) => s.consumed);
      if (done.length === 0) return;
      for (const seg of done) await unlink(seg.path).catch(ignoreMissing);
      await syncDir(dir);
      for (const seg of done) segments.splice(segments.indexOf(seg), 1);
    });

  const size = (): JournalSize => ({
    bytes: segments.reduce((n, s) => n + s.bytes, 0),
    rows: segments.reduce((n, s) => n + s.rows, 0),
  });

  return { location: dir, append, replay, truncate, size, close: () => locked(seal) };
}

const QUIET: SegmentEvents = { onTorn: () => undefined, onDamaged: () => undefined };

async function scanSegment(path: string, events: SegmentEvents): Promise<Segment> {
  let rows = 0;
  for await (const ticks of readSegment(path, events)) rows += ticks.length;
  return { path, bytes: (await stat(path)).size, rows, consumed: false, replayed: 0 };
}

/** Keep a damaged record's bytes for an operator, beside the journal, and say where. */
async function quarantine(d: BadRange, qdir: string, logger: Logger): Promise<void> {
  const file = join(qdir, `${basename(d.path)}@${d.offset}-${d.offset + d.bytes}.bad`);
  const range = { path: d.path, from: d.offset, to: d.offset + d.bytes, bytes: d.bytes };
  try {
    await mkdir(qdir, { recursive: true, mode: 0o700 });
    const src = await open(d.path, 'r');
    const buf = Buffer.alloc(d.bytes);
    try {
      await src.read(buf, 0, d.bytes, d.offset);
    } finally {
      await src.close();
    }
    await writeFile(file, buf, { mode: 0o600 });
    logger.error('journal.quarantined', { ...range, file, action: 'skipped; the other records replay' });
  } catch (err) {
    logger.error('journal.quarantined', { ...range, file: null, error: errorMessage(err), action: 'skipped' });
  }
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
}

/** Make a created or deleted file name durable (POSIX needs an fsync of the directory). */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const ignoreMissing = (err: NodeJS.ErrnoException): void => {
  if (err.code !== 'ENOENT') throw err;
};
