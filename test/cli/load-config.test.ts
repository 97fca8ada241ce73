import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'dotenv';
import { loadConfig } from '../../src/cli/load-config.js';
import { SETTINGS } from '../../src/engine/app/config.js';

const dir = mkdtempSync(join(tmpdir(), 'nexwave-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = { HOME: '/home/t' };
const base = { env: ENV, overrides: {}, cwd: dir };

describe('loadConfig', () => {
  it('a missing default .env is fine; a missing explicit file is an error', () => {
    expect(loadConfig({ ...base, envFile: { path: '.env', explicit: false } }).ok).toBe(true);
    const r = loadConfig({ ...base, envFile: { path: 'nope.env', explicit: true } });
    expect(!r.ok && r.errors).toEqual([`--env-file: cannot read ${join(dir, 'nope.env')}: no such file`]);
  });

  it('flags beat the environment, which beats the file; relative data dirs resolve against cwd', () => {
    writeFileSync(join(dir, 'a.env'), 'PORTFOLIO_VALUE=5000\nSCAN_INTERVAL=30\nLOG_LEVEL=debug\nNEXWAVE_DATA_DIR=data\n');
    const r = loadConfig({ envFile: { path: 'a.env', explicit: true }, env: { ...ENV, SCAN_INTERVAL: '10', LOG_LEVEL: 'warn' }, overrides: { LOG_LEVEL: { value: 'error', flag: '--log-level' } }, cwd: dir });
    expect(r.ok && [r.config.portfolioValue, r.config.scanIntervalSec, r.config.logLevel, r.config.dataDir, r.envFileLoaded]).toEqual([5000, 10, 'error', join(dir, 'data'), join(dir, 'a.env')]);
  });

  it('names the flag that set a bad value', () => {
    const r = loadConfig({ ...base, envFile: { path: '.env', explicit: false }, overrides: { LOG_LEVEL: { value: 'loud', flag: '--log-level' } } });
    expect(!r.ok && r.errors).toEqual(['LOG_LEVEL: must be one of debug, info, warn, error, silent, got "loud" (set by --log-level)']);
  });

  it('.env.example documents every setting with its default, and loads as the defaults', () => {
    const example = join(process.cwd(), '.env.example');
    const vars = parse(readFileSync(example, 'utf8'));
    for (const s of SETTINGS) expect([s.key, vars[s.key]]).toEqual([s.key, s.def ?? '']);
    expect(Object.keys(vars).sort()).toEqual(SETTINGS.map((s) => s.key).sort());
    const fromExample = loadConfig({ ...base, envFile: { path: example, explicit: true } });
    const defaults = loadConfig({ ...base, envFile: { path: '.env', explicit: false } });
    expect(fromExample.ok && defaults.ok && fromExample.config).toEqual(defaults.ok && defaults.config);
  });
});
