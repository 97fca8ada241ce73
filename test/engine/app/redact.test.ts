import { describe, expect, it } from 'vitest';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { redact, redactUrl } from '../../../src/engine/app/redact.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://u:hunter2@db:5432/x', 'postgres://u:***@db:5432/x'],
    ['postgres://u@db/x', 'postgres://u@db/x'],
    ['postgres://db:5432/x', 'postgres://db:5432/x'],
    ['postgres://u:p%40ss@db:notaport/x', 'postgres://u:***@db:notaport/x'],
    ['failed: connect postgresql://a:b@h/db and mysql://c:d@h2', 'failed: connect postgresql://a:***@h/db and mysql://c:***@h2'],
  ])('%s', (input, out) => expect(redactUrl(input)).toBe(out));
});

describe('redact', () => {
  it('hides secret-named fields and URL passwords deep inside values', () => {
    const out = redact({ apiKey: 'k1', nested: { agentWalletPrivkey: 'p', password: 'x', accessToken: 't', clientSecret: 's' }, url: 'postgres://u:pw@h/d', list: ['wss://a:b@h'], n: 1, none: null });
    expect(out).toEqual({ apiKey: '[redacted]', nested: { agentWalletPrivkey: '[redacted]', password: '[redacted]', accessToken: '[redacted]', clientSecret: '[redacted]' }, url: 'postgres://u:***@h/d', list: ['wss://a:***@h'], n: 1, none: null });
  });

  it('turns errors, cycles, bigints and non-finite numbers into JSON-safe values', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const err = new NexwaveError('STORE.UNAVAILABLE', 'cannot reach postgres://u:pw@h/db', { cause: new Error('ECONNREFUSED') });
    expect(redact({ cyclic, big: 10n, nan: Number.NaN, err })).toEqual({
      cyclic: { a: 1, self: '[circular]' },
      big: '10',
      nan: 'NaN',
      err: { name: 'NexwaveError', message: 'cannot reach postgres://u:***@h/db', code: 'STORE.UNAVAILABLE', cause: { name: 'Error', message: 'ECONNREFUSED' } },
    });
  });
});
