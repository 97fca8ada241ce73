import { describe, expect, it } from 'vitest';
import { createCandleService } from '../../../../src/engine/app/candle-service.js';
import { createScanner, type ScanEntry } from '../../../../src/engine/app/scanner.js';
import { EMPTY_NUMBERS, type Strategy } from '../../../../src/engine/core/strategy.js';
import { silentLogger } from '../../../../src/engine/ports/logger.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { activePair, MemoryStore } from '../engine-fakes.js';

const alwaysLong: Strategy = {
  id: 's', timeframe: '15m', requiredCandles: 0,
  evaluate: ({ pair, price }) => ({ decision: 'long', reason: 'momentum', numbers: EMPTY_NUMBERS, orderIntent: { type: 'open', symbol: pair.symbol, side: 'long', size: 1, price, stopLoss: price - 1, takeProfit: price + 1 } }),
};

describe('scanner with trading vetoes', () => {
  it('a vetoed intent keeps its decision, gains the reason in signals and the entry, and is not handed to trading', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 1));
    const store = new MemoryStore();
    const seen: ScanEntry[] = [];
    const scanner = createScanner({
      strategy: alwaysLong, candles: createCandleService({ store, clock, logger: silentLogger, timeframes: ['15m'], onClosed: () => {} }), store, logger: silentLogger,
      portfolioValue: 1_000, pairs: () => [activePair('BTC'), activePair('ETH')], price: () => 100, now: () => clock.now(), onEvaluated: (e) => seen.push(e),
      vet: (i) => (i.symbol === 'ETH' ? 'RISK.COOLDOWN: ETH entered 30 s ago, cooldown 900 s' : null),
    });
    await scanner.scan();
    expect(store.signals.map((r) => [r.symbol, r.decision, r.reason])).toEqual([
      ['BTC', 'long', 'momentum'],
      ['ETH', 'long', 'momentum; not traded: RISK.COOLDOWN: ETH entered 30 s ago, cooldown 900 s'],
    ]);
    expect(seen.find((e) => e.symbol === 'BTC')!.result.orderIntent).toBeDefined();
    expect(seen.find((e) => e.symbol === 'ETH')!.result.orderIntent).toBeUndefined();
  });
});
