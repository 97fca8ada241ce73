import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger, type LedgerTrade } from '../../../src/data/simulator/ledger.js';

const dir = mkdtempSync(join(tmpdir(), 'nx-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const trade = (h: number, symbol: string): LedgerTrade => ({ symbol, h, time: h, price: '1.5', amount: '2', side: 'buy', d: 'open_long', cause: 'normal', li: h });

describe('simulator ledger', () => {
  it('bounded: holds the newest trades per symbol, counts all, and writes every one to its file', () => {
    const file = join(dir, 'ledger.jsonl');
    const ledger = createLedger({ keepPerSymbol: 100, file });
    for (let h = 1; h <= 10_000; h++) ledger.append(trade(h, h % 2 ? 'BTC' : 'ETH'));
    ledger.flush();
    expect(ledger.count()).toBe(10_000);
    expect(ledger.count('BTC')).toBe(5_000);
    const btc = ledger.bySymbol('BTC');
    expect(btc.length).toBeGreaterThanOrEqual(100);
    expect(btc.length).toBeLessThanOrEqual(150);
    expect(btc.at(-1)?.h).toBe(9_999);
    expect(ledger.all().length).toBeLessThanOrEqual(300);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10_000);
    expect(JSON.parse(lines[9_999]!)).toEqual(trade(10_000, 'ETH'));
  });

  it('unbounded by default (tests compare the whole ledger)', () => {
    const ledger = createLedger();
    for (let h = 1; h <= 1_000; h++) ledger.append(trade(h, 'BTC'));
    expect(ledger.all()).toHaveLength(1_000);
  });
});
