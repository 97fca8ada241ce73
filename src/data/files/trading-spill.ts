/**
 * The trading writes a stop could not store (the database was down), in the data dir as one
 * JSON document per line (`trading-pending.jsonl`, owner-only), written to a temporary file,
 * synced and renamed over the old one, so a crash mid-write leaves the previous version.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NexwaveError } from '../../engine/core/errors.js';
import type { TradingSpill, TradingWrite } from '../../engine/ports/trading-spill.js';
import { ensureOwnerDir, FILE_MODE } from './owner-only.js';

export const TRADING_SPILL_FILE = 'trading-pending.jsonl';

const KINDS = new Set(['order', 'fill', 'position', 'state']);

export function createFileTradingSpill(dir: string): TradingSpill {
  const path = join(dir, TRADING_SPILL_FILE);
  return {
    where: path,
    load() {
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((line, i) => {
        const w = JSON.parse(line) as TradingWrite;
        if (!KINDS.has(w.kind)) throw new NexwaveError('JOURNAL.CORRUPT', `${path} line ${i + 1}: not a trading write`);
        return w;
      });
    },
    replace(writes) {
      if (writes.length === 0) {
        rmSync(path, { force: true });
        return;
      }
      ensureOwnerDir(dirname(path));
      const tmp = `${path}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w', FILE_MODE);
      try {
        writeSync(fd, writes.map((w) => `${JSON.stringify(w)}\n`).join(''));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    },
  };
}
