/** Suggested commands start the way the user ran the program and carry the shared flags. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSuggester, echoFlags, programName, shellQuote } from '../../src/cli/invocation.js';

const BIN = '/repo/bin/nexwave.js';

describe('programName', () => {
  it.each([
    ['from the checkout', undefined, {}, '/repo', './bin/nexwave.js'],
    ['npm start in a sub-directory (INIT_CWD)', '/repo/bin/nexwave.js', { INIT_CWD: '/repo/docs', npm_lifecycle_event: 'start' }, '/repo', '/repo/bin/nexwave.js'],
    ['npm start at the root', '/repo/bin/nexwave.js', { INIT_CWD: '/repo', npm_lifecycle_event: 'start' }, '/repo', './bin/nexwave.js'],
    ['elsewhere', undefined, {}, '/home/u', '/repo/bin/nexwave.js'],
    ['a bin link on PATH', '/usr/local/bin/nexwave', {}, '/home/u', 'nexwave'],
    ['npx', '/repo/node_modules/.bin/nexwave', { npm_command: 'exec' }, '/repo', 'npx nexwave'],
  ])('%s', (_name, script, env, cwd, expected) => {
    expect(programName(script, env, cwd, BIN)).toBe(expected);
  });

  it('quotes a path with spaces', () => {
    expect(programName(undefined, {}, '/elsewhere', '/my repo/bin/nexwave.js')).toBe(`'/my repo/bin/nexwave.js'`);
  });
});

describe('echoFlags', () => {
  it('keeps the order given, quotes for the shell, hides URL passwords', () => {
    const values = new Map<string, unknown>([
      ['log-level', 'warn'],
      ['data-dir', join('/tmp', "it's here")],
      ['database-url', 'postgres://me:s3cret@db:5432/nx'],
      ['sim', true],
    ]);
    const echoed = echoFlags(values, ['database-url', 'data-dir', 'log-level', 'sim']);
    expect(echoed.text).toBe(`--database-url 'postgres://me:***@db:5432/nx' --data-dir '/tmp/it'\\''s here' --log-level warn`);
    expect(echoed.text).not.toContain('s3cret');
    expect(echoed.passwordHidden).toBe(true);
    const s = createSuggester('./bin/nexwave.js', echoed);
    expect(s.command('headless --sim')).toBe(`./bin/nexwave.js headless --sim ${echoed.text}`);
    expect(s.note).toContain('***');
  });

  it('no flags, no note', () => {
    const s = createSuggester('nexwave', echoFlags(new Map(), ['data-dir']));
    expect(s.command('headless')).toBe('nexwave headless');
    expect(s.note).toBe('');
    expect(shellQuote('a b')).toBe(`'a b'`);
  });
});
