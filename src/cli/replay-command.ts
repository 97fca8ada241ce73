/**
 * `nexwave replay-dead-letters [--sim] [--file <path>]`: after a fix (a missing pair added, a
 * constraint corrected), send the rows in a dead-letter file to the database again. Rows it
 * still rejects go back to the dead-letter file with the new reason; rows already stored count
 * as duplicates (inserts are idempotent). If the database goes away midway, the rows not yet
 * written are put back unchanged and the exit code is 1.
 */
import { existsSync } from 'node:fs';
import { appendFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { commitBatch, describeError } from '../engine/app/batch-writer-commit.js';
import { withSchema } from '../engine/app/ensure-schema.js';
import type { Tick } from '../engine/core/types.js';
import { createFileDeadLetter } from '../data/journal/dead-letter.js';
import { readDeadLetters } from '../data/journal/dead-letter-read.js';
import type { CommandContext } from './context.js';
import { openStore } from './open-store.js';

const BATCH = 1_000;

/** Default file: `<data dir>/dead-letter.jsonl` (`<data dir>/sim/...` with --sim), as the writer uses. */
export function deadLetterPath(dataDir: string, sim: boolean): string {
  return join(sim ? join(dataDir, 'sim') : dataDir, 'dead-letter.jsonl');
}

export async function runReplayDeadLetters(ctx: CommandContext): Promise<number> {
  const file = resolve(ctx.args.file ?? deadLetterPath(ctx.dataDir, ctx.args.sim));
  if (!existsSync(file)) {
    ctx.stdout.write(`no dead letters: ${file} does not exist\n`);
    return 0;
  }
  const opened = await openStore({ databaseUrl: ctx.config.databaseUrl, dataDir: ctx.dataDir, sim: ctx.args.sim, logger: ctx.logger });
  const store = withSchema(opened.store, opened.prepare, { logger: ctx.logger });
  try {
    await store.migrate();
    // Set aside first: dead letters written meanwhile (a running engine) go to a new file.
    const work = `${file}.replaying-${process.pid}`;
    await rename(file, work);
    const { ticks, lineOf, unreadable } = await readDeadLetters(work);
    const sink = createFileDeadLetter(file);
    const deps = { insert: (t: readonly Tick[]) => store.insertTicks(t), store, deadLetter: sink, logger: ctx.logger };
    const totals = { inserted: 0, duplicates: 0, rejected: 0 };
    let failure: string | null = null;
    let keep: string[] = [...unreadable];
    for (let i = 0; i < ticks.length && failure === null; i += BATCH) {
      const out = await commitBatch(deps, ticks.slice(i, i + BATCH));
      totals.inserted += out.inserted;
      totals.duplicates += out.duplicates;
      totals.rejected += out.rejected;
      if (!out.retry) continue;
      failure = describeError(out.retry.error);
      const unwritten = [...out.retry.remaining.flat(), ...ticks.slice(i + BATCH)];
      keep = [...keep, ...unwritten.map((t) => lineOf.get(t) ?? '')];
    }
    if (keep.length > 0) await appendFile(file, keep.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    await unlink(work);
    ctx.stdout.write(
      `replayed ${ticks.length} dead letters from ${file}: ${totals.inserted} inserted, ${totals.duplicates} already stored, ` +
        `${totals.rejected} rejected again (back in the file with the new reason)` +
        (unreadable.length > 0 ? `, ${unreadable.length} unreadable lines kept` : '') + '\n',
    );
    if (failure === null) return 0;
    ctx.stderr.write(`nexwave replay-dead-letters: the database went away (${failure}); ${keep.length - unreadable.length} rows were put back, run it again\n`);
    return 1;
  } finally {
    await store.close();
  }
}
