/**
 * The engine lock: one per data dir, re-entrant within the process that holds it (the
 * console's control socket and its runtime claim it both), refused to any other live
 * process, taken over from a dead one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockEngine as lockDir } from '../../../src/cli/engine-lock.js';
import { ENGINE_LOCK_FILE } from '../../../src/data/files/engine-lock.js';
import { ROOT } from '../../helpers/built.js';

const lockEngine = (dataDir: string, doing: string): (() => void) => lockDir({ dataDir }, doing);
const root = mkdtempSync(join(tmpdir(), 'nx-enginelock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Try to claim `dir` from another process; prints the error code or CLAIMED. */
function claimElsewhere(dir: string): string {
  const script = `import('./src/cli/engine-lock.ts').then((m) => { try { m.lockEngine({ dataDir: ${JSON.stringify(dir)}, suggest: { program: './bin/nexwave.js', note: '', command: (r) => './bin/nexwave.js ' + r + ' --data-dir ' + ${JSON.stringify(dir)} } }, 'test'); console.log('CLAIMED'); } catch (e) { console.log(e.code + ' ' + e.message); } })`;
  return execFileSync(process.execPath, ['--import', './test/fixtures/writer-ts-register.mjs', '--input-type=module', '-e', script], { cwd: ROOT }).toString().trim();
}

describe('engine lock', () => {
  it('is re-entrant in its process: the file stays until the last claim is released', () => {
    const dir = join(root, 'a');
    const first = lockEngine(dir, 'serve');
    const second = lockEngine(dir, 'open runtime');
    const lock = join(dir, ENGINE_LOCK_FILE);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid });
    first();
    first();
    expect(existsSync(lock)).toBe(true);
    expect(claimElsewhere(dir)).toMatch(new RegExp(`^ENGINE.RUNNING test: an engine is already running on data dir .* \\(pid ${process.pid}\\)`));
    second();
    expect(existsSync(lock)).toBe(false);
    expect(claimElsewhere(dir)).toBe('CLAIMED');
  });

  it('a lock left by a dead process, or unreadable, is taken over', () => {
    const dir = join(root, 'b');
    lockEngine(dir, 'x')();
    writeFileSync(join(dir, ENGINE_LOCK_FILE), JSON.stringify({ pid: 999_999_9, start: '1', boot: null, token: 'dead' }));
    lockEngine(dir, 'x')();
    writeFileSync(join(dir, ENGINE_LOCK_FILE), 'garbage');
    const release = lockEngine(dir, 'x');
    expect(JSON.parse(readFileSync(join(dir, ENGINE_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });
});
