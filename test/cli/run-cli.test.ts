/** runCli in-process: the exit-code contract without a child process. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

const home = mkdtempSync(join(tmpdir(), 'nexwave-run-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { HOME: home, ...env },
    cwd: home,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('a missing explicit --env-file is a configuration error (exit 2)', async () => {
    const r = await run(['console', '--env-file', 'nope.env']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `nexwave: invalid configuration (nothing was started):\n  --env-file: cannot read ${join(home, 'nope.env')}: no such file\n` });
  });

  it('names the flag that set a bad value', async () => {
    const r = await run(['console', '--log-level', 'loud']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('LOG_LEVEL: must be one of debug, info, warn, error, silent, got "loud" (set by --log-level)');
  });

  it('--no-backfill reaches both the args and the config', async () => {
    // stdout here is not a terminal: the console says so, exit 2, with the headless equivalent.
    const r = await run(['--no-backfill']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdout is not a terminal');
    expect(r.stderr).toContain('nexwave.js headless --no-backfill');
  });

  it.each([
    [['help'], 0, 'Usage: nexwave [command] [options]'],
    [['help', 'migrate'], 0, 'Usage: nexwave migrate [--sim] [options]'],
  ])('%j prints help', async (argv, code, text) => {
    const r = await run(argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toContain(text);
  });

  it('`nexwave help bogus` is bad usage', async () => {
    const r = await run(['help', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'bogus'");
  });
});

describe('help, version and simulator flags', () => {
  it('`nexwave --help headless` is `nexwave headless --help`', async () => {
    const a = await run(['--help', 'headless']);
    const b = await run(['headless', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('Usage: nexwave headless');
    expect(a.stdout).toBe(b.stdout);
    expect((await run(['-h', 'migrate'])).stdout).toContain('Usage: nexwave migrate');
  });

  it.each([
    [['--help', 'headless', '--data-dir', '/x']],
    [['-h', 'headless', '--duration', '5', '--sim']],
    [['help', 'headless', '--data-dir', '/x']],
  ])('%j prints the command\'s help whatever flags follow', async (argv) => {
    const r = await run(argv);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('Usage: nexwave headless');
  });

  it('--version (and -v) prints the package version, alone or after a command', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `nexwave ${version}\n`, stderr: '' });
    expect((await run(['headless', '--version'])).stdout).toBe(`nexwave ${version}\n`);
    expect(await run(['-v'])).toEqual({ code: 0, stdout: `nexwave ${version}\n`, stderr: '' });
  });

  it.each([
    [['headless', '--speed', '60'], 'nexwave headless: --speed only applies with --sim'],
    [['--seed', '7'], 'nexwave console: --seed only applies with --sim'],
    [['headless', '--speed', '60', '--seed', '7'], 'nexwave headless: --speed and --seed only apply with --sim'],
  ])('%j without --sim is bad usage (exit 2)', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('--speed with --sim and the sim command\'s own --speed are accepted', async () => {
    // Accepted: past the flag checks, the console stops only because stdout here is not a terminal.
    const r = await run(['--sim', '--speed', '60']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stdout is not a terminal');
    expect((await run(['sim', '--speed', '60', '--help'])).code).toBe(0);
  });
});
