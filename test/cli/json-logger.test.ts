import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/cli/json-logger.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent') {
  const lines: string[] = [];
  const logger = createJsonLogger({ level, write: (l) => lines.push(l), now: () => Date.UTC(2025, 10, 14, 16, 0, 0, 5) });
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

  it('cannot be spoofed by fields named t, level or event', () => {
    const { logger, records } = capture('info');
    logger.info('real', { event: 'fake', level: 'error', t: 0 });
    expect(records()[0]).toEqual({ t: '2025-11-14T16:00:00.005Z', level: 'info', event: 'real', _event: 'fake', _level: 'error', _t: 0 });
  });
});
