import { describe, expect, it } from 'vitest';
import { createJsonLogger, REPEAT_BURST, REPEAT_PERIOD_MS } from '../../src/cli/json-logger.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent', clock = { ms: Date.UTC(2025, 10, 14, 16, 0, 0, 5) }) {
  const lines: string[] = [];
  const logger = createJsonLogger({ level, write: (l) => lines.push(l), now: () => clock.ms });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line: t, level, event, then fields', () => {
    const { logger, lines } = capture('debug');
    logger.info('feed.reconnected', { attempt: 2, url: 'wss://ws.pacifica.fi/ws' });
    expect(lines).toEqual(['{"t":"2025-11-14T16:00:00.005Z","level":"info","event":"feed.reconnected","attempt":2,"url":"wss://ws.pacifica.fi/ws"}\n']);
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ] as const)('level %s writes %j', (level, expected) => {
    const { logger, records } = capture(level);
    logger.debug('e');
    logger.info('e');
    logger.warn('e');
    logger.error('e');
    expect(records().map((r) => r.level)).toEqual(expected);
  });

  it('redacts secret fields and URL passwords, keeps the line parseable', () => {
    const { logger, lines, records } = capture('info');
    logger.error('store.failed', { apiKey: 'abc123', db: 'postgres://u:hunter2@h/db', nested: { privkey: 'xyz', password: 'p', token: 't' }, error: new Error('auth failed for postgres://u:hunter2@h') });
    expect(lines.join('')).not.toMatch(/hunter2|abc123|xyz/);
    expect(records()[0]).toMatchObject({ apiKey: '[redacted]', db: 'postgres://u:***@h/db', nested: { privkey: '[redacted]', password: '[redacted]', token: '[redacted]' }, error: { message: 'auth failed for postgres://u:***@h' } });
  });

  it('aggregates a flood: the first lines of each period, then one line with the count', () => {
    const clock = { ms: 0 };
    const { logger, records } = capture('info', clock);
    for (let i = 0; i < 2_600; i++) {
      clock.ms = i * 10; // 100 lines/s for 26 s
      logger.warn('whale.persist_failed', { symbol: 'BTC', n: i });
    }
    logger.flush();
    const lines = records();
    const counts = lines.filter((r) => typeof r.repeated === 'number');
    expect(lines.length).toBe(3 * (REPEAT_BURST + 1));
    expect(counts.map((r) => r.repeated)).toEqual([1_000 - REPEAT_BURST, 1_000 - REPEAT_BURST, 600 - REPEAT_BURST]);
    expect(counts[0]).toMatchObject({ level: 'warn', event: 'whale.persist_failed', symbol: 'BTC', periodS: REPEAT_PERIOD_MS / 1_000, last: { symbol: 'BTC', n: 999 } });
    expect(lines.reduce((n, r) => n + (typeof r.repeated === 'number' ? (r.repeated as number) : 1), 0)).toBe(2_600);
  });

  it('one event per pair is not a flood: each pair is counted on its own', () => {
    const { logger, records } = capture('info');
    const symbols = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP'];
    for (const symbol of symbols) logger.info('gap.repaired', { symbol, stored: 3 });
    expect(records().map((r) => r.symbol)).toEqual(symbols);
  });

  it('writes a period\'s count once it ends, on tick(), with nothing else logged', () => {
    const clock = { ms: 0 };
    const { logger, records } = capture('info', clock);
    for (let i = 0; i < 10; i++) logger.info('feed.burst');
    clock.ms = REPEAT_PERIOD_MS - 1;
    logger.tick();
    expect(records()).toHaveLength(REPEAT_BURST);
    clock.ms = REPEAT_PERIOD_MS;
    logger.tick();
    expect(records().at(-1)).toMatchObject({ event: 'feed.burst', repeated: 10 - REPEAT_BURST });
  });

  it('engine.status is written at every level but silent, and never aggregated', () => {
    for (const level of ['warn', 'error'] as const) {
      const { logger, records } = capture(level);
      for (let i = 0; i < 10; i++) logger.info('engine.status', { i });
      logger.info('engine.other');
      expect(records().map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    const { logger, lines } = capture('silent');
    logger.info('engine.status');
    expect(lines).toEqual([]);
  });

  it('cannot be spoofed by fields named t, level or event', () => {
    const { logger, records } = capture('info');
    logger.info('real', { event: 'fake', level: 'error', t: 0 });
    expect(records()[0]).toEqual({ t: '2025-11-14T16:00:00.005Z', level: 'info', event: 'real', _event: 'fake', _level: 'error', _t: 0 });
  });
});

describe('JsonLogger.close', () => {
  it('writes the held-back counts, then nothing more (the run summary stays the last line)', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ level: 'info', write: (l) => void lines.push(l), now: () => 0 });
    log.warn('store.unavailable', { n: 1 });
    log.warn('store.unavailable', { n: 2 });
    log.close();
    expect(lines.map((l) => (JSON.parse(l) as { event: string; repeated?: number }).repeated ?? 0)).toEqual([0, 1]);
    log.error('trading.writes_queued', {});
    log.flush();
    log.tick();
    expect(lines).toHaveLength(2);
  });
});
