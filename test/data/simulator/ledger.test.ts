/** The ledger keeps bounded memory, exact counts, and (with a file) every trade. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLedger, readLedgerFile, type LedgerTrade } from '../../../src/data/simulator/ledger.js';
import { startSimulator } from '../../../src/data/simulator/index.js';

const dir = mkdtempSync(join(tmpdir(), 'nx-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trade = (h: number, symbol = h % 2 === 0 ? 'BTC' : 'ETH'): LedgerTrade => ({
  symbol, h, time: 1_000 + h, price: '100.5', amount: '0.01', side: 'buy', d: 'open_long', cause: 'normal', li: h,
});

describe('createLedger', () => {
  it('holds the last `capacity` trades and `perSymbol` per symbol; counts stay exact', () => {
    const ledger = createLedger({ capacity: 5, perSymbol: 2 });
    for (let h = 1; h <= 12; h++) ledger.append(trade(h));
    expect(ledger.count()).toBe(12);
    expect(ledger.count('BTC')).toBe(6);
    expect(ledger.all().map((t) => t.h)).toEqual([8, 9, 10, 11, 12]);
    expect(ledger.bySymbol('BTC').map((t) => t.h)).toEqual([10, 12]);
    expect(ledger.evicted()).toBe(7);
  });

  it('writes every trade to the file, in order', () => {
    const file = join(dir, 'ledger.jsonl');
    const ledger = createLedger({ capacity: 3, file });
    const sent = Array.from({ length: 40 }, (_, i) => trade(i + 1));
    for (const t of sent) ledger.append(t);
    ledger.close();
    expect(readLedgerFile(file)).toEqual(sent);
  });
});

describe('the simulator with a bounded ledger and a file', () => {
  it('memory keeps the window, the file keeps everything, REST /trades still serves', async () => {
    const file = join(dir, 'sim-ledger.jsonl');
    const sim = await startSimulator({ port: 0, seed: 3, speed: 60, restTradesLimit: 20, ledger: { capacity: 100, file } });
    try {
      await vi.waitFor(() => expect(sim.ledger.count()).toBeGreaterThan(400), { timeout: 20_000, interval: 50 });
      // BTC stops trading first, so the count compared with is the one the answer was made from.
      sim.control.pause('BTC');
      const res = await fetch(`${sim.apiUrl}/trades?symbol=BTC`);
      expect(((await res.json()) as { data: unknown[] }).data.length).toBe(Math.min(20, sim.ledger.count('BTC')));
    } finally {
      await sim.stop();
    }
    const all = readLedgerFile(file);
    expect(all.length).toBe(sim.ledger.count());
    expect(sim.ledger.all()).toHaveLength(100);
    expect(sim.ledger.evicted()).toBe(all.length - 100);
    expect(all.slice(-100)).toEqual(sim.ledger.all());
    expect(all.map((t) => t.h)).toEqual(all.map((t, i) => all[0]!.h + i));
  });
});
