/**
 * A data dir that is someone else's directory, reached through a symlink (or a `sim` entry
 * that links to one), is refused by `nexwave headless` before anything touches it: no chmod,
 * no engine lock, no control socket, no database files.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built.js';
import { startCli } from '../helpers/cli-child.js';

const root = mkdtempSync(join(tmpdir(), 'nx-foreign-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

/** Someone's directory: mode 0755, two files of theirs. */
function foreignDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'thesis.tex'), 'mine');
  writeFileSync(join(dir, 'notes.txt'), 'mine too');
  chmodSync(dir, 0o755);
  return dir;
}

const snapshot = (dir: string): { mode: number; entries: string[] } => ({ mode: statSync(dir).mode & 0o7777, entries: readdirSync(dir).sort() });

async function headless(dataDir: string, extra: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const child = startCli(['headless', '--duration', '5', '--data-dir', dataDir, ...extra], { HOME: root });
  const code = await child.exit(30_000);
  return { code, stderr: child.stderr() };
}

describe('nexwave headless on a data dir that is not ours', () => {
  it('a data dir linked to a foreign non-empty directory is refused, and the directory is left as it was', async () => {
    const target = foreignDir('theirs');
    const link = join(root, 'link');
    symlinkSync(target, link);
    const before = snapshot(target);
    const r = await headless(link);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`data dir ${link} (a link to ${target}) is not empty and is not a Nexwave data dir`);
    expect(snapshot(target)).toEqual(before);
    expect(before.mode).toBe(0o755);
  }, 60_000);

  it('a <data dir>/sim linked to a foreign non-empty directory is refused the same way', async () => {
    const target = foreignDir('theirs-sim');
    const dataDir = join(root, 'ours');
    mkdirSync(dataDir, { mode: 0o700 });
    symlinkSync(target, join(dataDir, 'sim'));
    const before = { data: snapshot(dataDir), target: snapshot(target) };
    const r = await headless(dataDir, ['--sim']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`data dir ${join(dataDir, 'sim')} (a link to ${target}) is not empty and is not a Nexwave data dir`);
    expect({ data: snapshot(dataDir), target: snapshot(target) }).toEqual(before);
  }, 60_000);
});
