import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/cli/console-command.js';
import { claimDataDir } from '../../src/data/files/data-root.js';
import { testContext } from '../helpers/ctx.js';

const root = mkdtempSync(join(tmpdir(), 'nx-console-cmd-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('nexwave console (command)', () => {
  it('a stdout that is not a terminal: the headless hint with the same flags, exit 2, nothing written in the data dir', async () => {
    const dataDir = join(root, 'not-tty');
    const { ctx, stdout, stderr } = testContext({ command: 'console', env: { NEXWAVE_DATA_DIR: dataDir }, args: { sim: true, speed: 60, seed: 3, backfill: false } });
    expect(await runConsole(ctx)).toBe(2);
    expect(stdout.text).toBe('');
    expect(stderr.text).toContain('stdout is not a terminal');
    expect(stderr.text).toMatch(/headless --sim --speed 60 --seed 3 --no-backfill/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('the console log dir is part of a Nexwave data dir (a restart must not refuse its own data dir)', () => {
    const dataDir = join(root, 'with-logs');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    writeFileSync(join(dataDir, 'logs', 'console.log'), '');
    expect(() => claimDataDir(dataDir)).not.toThrow();
  });

  it('a foreign data dir is refused before the screen opens and before anything is written', async () => {
    const dataDir = join(root, 'foreign');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'thesis.tex'), 'mine');
    const { ctx } = testContext({ command: 'console', env: { NEXWAVE_DATA_DIR: dataDir } });
    let written = '';
    const tty = { isTTY: true, columns: 80, rows: 24, write: (s: string) => ((written += s), true), on: () => tty, off: () => tty };
    const withTty = { ...ctx, stdout: { write: tty.write, tty: tty as unknown as NodeJS.WriteStream } };
    await expect(runConsole(withTty)).rejects.toThrow('is not empty and is not a Nexwave data dir (it holds thesis.tex)');
    expect(readdirSync(dataDir)).toEqual(['thesis.tex']);
    expect(written).toBe('');
  });
});
