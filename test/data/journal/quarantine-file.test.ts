/**
 * The quarantine audit file is bounded on disk: a flood of bad prints rotates it once to
 * `quarantine.jsonl.1`, and with both full the ticks are counted as unrecorded, not written.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileDeadLetter } from '../../../src/data/journal/dead-letter.js';
import { createQuarantineWriter } from '../../../src/engine/app/quarantine-writer.js';
import { silentLogger } from '../../../src/engine/ports/logger.js';
import { generateTicks } from '../../integration/writer-checks.js';

const root = mkdtempSync(join(tmpdir(), 'nx-quarantine-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('quarantine.jsonl size cap', () => {
  it('rotates once, then counts what it could not write; the disk holds at most two capped files', async () => {
    const path = join(root, 'quarantine.jsonl');
    const maxBytes = 4_000;
    const sink = createFileDeadLetter(path, () => 0, { maxBytes });
    const writer = createQuarantineWriter(sink, silentLogger);
    const ticks = generateTicks(200);
    // About 190 bytes a line: 10 lines a batch, 20 batches, far more than two files hold.
    for (let i = 0; i < ticks.length; i += 10) {
      writer.keep(ticks.slice(i, i + 10), 'price');
      await writer.idle();
    }
    const lines = (p: string): number => readFileSync(p, 'utf8').trim().split('\n').length;
    expect(statSync(path).size).toBeLessThanOrEqual(maxBytes);
    expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(maxBytes);
    const written = lines(path) + lines(`${path}.1`);
    expect(written).toBeGreaterThan(20);
    expect(written + writer.unrecorded()).toBe(200);
    // The earliest evidence is kept: the rotated file starts with the first tick.
    expect(JSON.parse(readFileSync(`${path}.1`, 'utf8').split('\n')[0]!).tick.tradeId).toBe(1);
    await expect(sink.write(ticks.slice(0, 10), 'price')).rejects.toMatchObject({ code: 'JOURNAL.FILE_FULL' });
  });
});
