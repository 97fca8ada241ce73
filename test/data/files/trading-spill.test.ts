/** The kept trading writes file: round trip in order, owner-only, replaced whole, removed when empty. */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimDataDir } from '../../../src/data/files/data-root.js';
import { createFileTradingSpill, TRADING_SPILL_FILE } from '../../../src/data/files/trading-spill.js';
import type { TradingWrite } from '../../../src/engine/ports/trading-spill.js';
import { tempDir } from '../../helpers/temp-dir.js';

const status = { state: 'HALTED' as const, since: 1, reason: 'kill switch', by: 'cli' };
const writes: TradingWrite[] = [
  { kind: 'state', status, mode: 'paper' },
  { kind: 'state', status: { ...status, state: 'ACTIVE' }, mode: 'live' },
];

describe('trading spill file', () => {
  it('keeps the writes in order, owner-only; replacing with none removes the file; the data dir stays ours', () => {
    const dir = tempDir('nx-spill-');
    const spill = createFileTradingSpill(dir);
    expect(spill.load()).toEqual([]);
    spill.replace(writes);
    expect(spill.where).toBe(join(dir, TRADING_SPILL_FILE));
    expect(statSync(spill.where).mode & 0o777).toBe(0o600);
    expect(createFileTradingSpill(dir).load()).toEqual(writes);
    expect(() => claimDataDir(dir)).not.toThrow();
    spill.replace(writes.slice(1));
    expect(spill.load()).toEqual(writes.slice(1));
    spill.replace([]);
    expect(existsSync(spill.where)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a line that is not a trading write is JOURNAL.CORRUPT, not silently skipped', () => {
    const dir = tempDir('nx-spill-');
    writeFileSync(join(dir, TRADING_SPILL_FILE), '{"kind":"nope"}\n');
    expect(() => createFileTradingSpill(dir).load()).toThrow(expect.objectContaining({ code: 'JOURNAL.CORRUPT' }));
  });
});
