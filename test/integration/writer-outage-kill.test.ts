/**
 * SIGKILL during a database outage: ticks held only in memory would be lost. While the
 * database is down the writer journals within about a second (WRITER_OUTAGE_JOURNAL_MS),
 * not only past the 200k-row memory bound, so a killed process loses at most that second.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileJournal } from '../../src/data/journal/index.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { generateTicks } from './writer-checks.js';

const N = 400;

describe('writer killed with SIGKILL during a database outage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-outage-kill-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has journaled every tick pushed more than a second before the kill', async () => {
    const child = spawn(process.execPath, ['--import', './test/fixtures/writer-ts-register.mjs', 'test/fixtures/outage-child.ts', join(dir, 'journal'), String(N)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try {
      // A deadline, not a measurement: 400 ticks well under the 200k bound, then silence.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`ticks still only in memory 10 s after the last push: ${out} ${err}`)), 10_000 + N * 5);
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('"journaled"')) (clearTimeout(timer), resolve());
        });
        child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${err}`)));
      });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const journal = await openFileJournal({ dir: join(dir, 'journal'), logger: silentLogger });
    const held: number[] = [];
    for await (const batch of journal.replay(1000)) for (const t of batch) held.push(t.tradeId);
    await journal.close();
    expect(held.sort((a, b) => a - b)).toEqual(generateTicks(N).map((t) => t.tradeId).sort((a, b) => a - b));
  }, 60_000);
});
