/**
 * `nexwave replay-dead-letters`: rows dead-lettered before a fix are sent again; what is now
 * accepted is stored, what is still rejected goes back to the file with the new reason, and
 * unreadable lines are kept.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runReplayDeadLetters } from '../../src/cli/replay-command.js';
import { createFileDeadLetter } from '../../src/data/journal/dead-letter.js';
import { createPgliteStore } from '../../src/data/pglite/index.js';
import { createQuarantineWriter } from '../../src/engine/app/quarantine-writer.js';
import { silentLogger } from '../../src/engine/ports/logger.js';
import { testContext } from '../helpers/ctx.js';
import { generateTicks } from '../integration/writer-checks.js';

const root = mkdtempSync(join(tmpdir(), 'nx-replay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nexwave replay-dead-letters (embedded database)', () => {
  it('stores what the database now accepts, keeps what it still rejects and what it cannot read', async () => {
    const dataDir = join(root, 'data');
    const { ctx, stdout } = testContext({ command: 'replay-dead-letters', env: { NEXWAVE_DATA_DIR: dataDir } });
    const file = join(dataDir, 'dead-letter.jsonl');
    const good = generateTicks(5);
    const unknown = { ...good[0]!, symbol: 'NOPE', tradeId: 999 };
    await createFileDeadLetter(file).write([...good, unknown], 'STORE.SCHEMA_MISSING: relation "ticks" does not exist');
    appendFileSync(file, 'not json at all\n');
    expect(await runReplayDeadLetters(ctx)).toBe(0);
    expect(stdout.text).toContain('replayed 6 dead letters');
    expect(stdout.text).toContain('5 inserted, 0 already stored, 1 rejected again');
    expect(stdout.text).toContain('1 unreadable lines kept');
    const left = readFileSync(file, 'utf8').trim().split('\n');
    expect(left).toHaveLength(2);
    expect(left).toContain('not json at all');
    expect(left.some((l) => l.includes('"NOPE"') && /foreign key|violates/.test(l))).toBe(true);
    expect(readdirSync(dataDir).filter((n) => n.includes('replaying'))).toEqual([]);
    const store = await createPgliteStore({ dataDir: join(dataDir, 'pglite') });
    try {
      expect(await store.countTicks()).toBe(5);
    } finally {
      await store.close();
    }
    // Run again: the accepted rows are gone from the file; the rejected one is still rejected.
    expect(await runReplayDeadLetters(ctx)).toBe(0);
    expect(existsSync(file)).toBe(true);
  }, 60_000);

  it('--file quarantine.jsonl stores quarantined ticks an operator judged real (they bypass the bands)', async () => {
    const dataDir = join(root, 'data-q');
    const file = join(dataDir, 'quarantine.jsonl');
    const { ctx, stdout } = testContext({ command: 'replay-dead-letters', env: { NEXWAVE_DATA_DIR: dataDir }, args: { file } });
    const quarantined = generateTicks(3).map((t) => ({ ...t, price: t.price * 100 }));
    const audit = createQuarantineWriter(createFileDeadLetter(file, Date.now, { maxBytes: 1e6 }), silentLogger);
    audit.keep(quarantined, 'price');
    await audit.idle();
    expect(await runReplayDeadLetters(ctx)).toBe(0);
    expect(stdout.text).toContain('3 inserted, 0 already stored, 0 rejected again');
    expect(existsSync(file)).toBe(false);
    const store = await createPgliteStore({ dataDir: join(dataDir, 'pglite') });
    try {
      expect((await store.findTicks('BTC', 0, Date.now())).map((t) => t.price)).toEqual([quarantined[0]!.price]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

