import { describe, expect, it } from 'vitest';
import { NexwaveError } from '../../../src/engine/core/errors.js';
import { redact, redactText, redactUrl } from '../../../src/engine/app/redact.js';
import { urlPasswords } from '../../../src/engine/core/url-secrets.js';
import { describeUrl, makeRedactor } from '../../../src/data/postgres/pg-errors.js';

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

describe('URL passwords found the way postgres.js finds them', () => {
  // Raw (as a user pastes them) and percent-encoded; each must vanish from every output.
  const passwords = ['p@ss@SeCrEt_4417', 'pa:ss:SeCrEt_4417', 'pa/ss/SeCrEt_4417', 'pa%ss%SeCrEt_4417', 'pä💥ss€SeCrEt_4417', 'SeCrEt_4417?x#y', 'pa ss SeCrEt_4417', 'pa\tss\tSeCrEt_4417', 'p w@SeCrEt_4417', 'SeCrEt 4417 ä@x:y'];
  const forms = (pw: string): string[] => [pw, encodeURIComponent(pw)];
  it.each(passwords)('password %s is never shown', (pw) => {
    for (const p of forms(pw)) {
      const url = `postgres://nexwave:${p}@db.example:5432/nexwave`;
      const outputs = [
        redactUrl(url),
        redactText(`connect ${url} failed: ECONNREFUSED`),
        JSON.stringify(redact({ error: `cannot reach ${url}` })),
        makeRedactor(url)(`password authentication failed for ${url} (${p}) [${decodeURIComponent(encodeURIComponent(pw))}]`),
        describeUrl(url),
      ];
      for (const out of outputs) {
        expect(out).not.toContain('SeCrEt');
        expect(out).not.toContain('4417');
      }
      expect(redactUrl(url)).toBe('postgres://nexwave:***@db.example:5432/nexwave');
    }
  });

  it('matches the driver on where the password ends', () => {
    expect(urlPasswords('postgres://u:p@ss@h/db')).toEqual(['p@ss']);
    expect(urlPasswords('postgres://u:p%40ss@h/db')).toEqual(['p%40ss', 'p@ss']);
    expect(urlPasswords('postgres://u@h/db')).toEqual([]);
    expect(redactUrl('postgres://u:p@ss@h/db?application_name=x')).toBe('postgres://u:***@h/db?application_name=x');
    // new URL keeps a space in the user info and drops a tab: the driver sends 'pa ss' and 'pass'.
    expect(urlPasswords('postgres://u:pa ss@h/db')).toEqual(['pa ss']);
    expect(urlPasswords('postgres://u:pa\tss@h/db')).toEqual(['pa\tss', 'pass']);
    expect(new URL('postgres://u:pa ss@h/db').password).toBe('pa%20ss');
    expect(redactText('at postgres://u:pa ss@h/db and postgres://v:w x@h2:5432/db2 (admin@corp)')).toBe('at postgres://u:***@h/db and postgres://v:***@h2:5432/db2 (admin@corp)');
  });
});
