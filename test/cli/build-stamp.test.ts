/**
 * Build once at install, start fast: `npm ci` builds and stamps dist/ (scripts/build.mjs);
 * bin/nexwave.js (what `npm start` runs) rebuilds only when a source is newer than the stamp.
 * Checked on a miniature checkout whose tsc and template steps are stubs that leave a mark,
 * so the test sees whether a start built, without compiling anything.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIsStale } from '../../scripts/build.mjs';
import { ROOT } from '../helpers/built.js';
import { tempDir } from '../helpers/temp-dir.js';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** A checkout with the real bin and build script, stub tsc/template, and a compiled main that prints `ran`. */
function miniCheckout(): string {
  const root = tempDir('nx-build-');
  for (const f of ['bin/nexwave.js', 'scripts/build.mjs']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    copyFileSync(join(ROOT, f), join(root, f));
  }
  write(join(root, 'package.json'), '{"type":"module"}\n');
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) write(join(root, f), '{}\n');
  write(join(root, 'src/cli/main.ts'), 'export {};\n');
  write(join(root, 'node_modules/typescript/bin/tsc'), `require('node:fs').appendFileSync(${JSON.stringify(join(root, 'builds.log'))}, 'tsc\\n');\n`);
  write(join(root, 'dist/src/data/pglite/template.js'), 'export async function ensureTemplate() {}\n');
  write(join(root, 'dist/src/cli/main.js'), "process.stdout.write('ran\\n');\n");
  return root;
}

/** Run the bin as `npm start` does; how many builds ran so far, and what it printed. */
function start(root: string): { builds: number; stdout: string } {
  const stdout = execFileSync(process.execPath, [join(root, 'bin/nexwave.js')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const log = join(root, 'builds.log');
  return { builds: existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0, stdout };
}

/** Set `path`'s modification time `s` seconds from now (past or future), as an edit would. */
const touch = (path: string, s: number): void => utimesSync(path, new Date(Date.now() + s * 1_000), new Date(Date.now() + s * 1_000));

describe('build stamp', () => {
  it('buildIsStale: never built, built, a source edited after, an installed package (no src)', () => {
    const root = miniCheckout();
    expect(buildIsStale(root)).toBe(true);
    write(join(root, 'dist/.build-stamp'), 'x\n');
    for (const p of ['src', 'src/cli', 'src/cli/main.ts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) touch(join(root, p), -60);
    expect(buildIsStale(root)).toBe(false);
    touch(join(root, 'src/cli/main.ts'), 60);
    expect(buildIsStale(root)).toBe(true);
    rmSync(join(root, 'src'), { recursive: true });
    expect(buildIsStale(root)).toBe(false);
  });

  it('npm start does not rebuild when nothing changed, rebuilds once after a source changed', () => {
    const root = miniCheckout();
    // The install's build: stamps dist/.
    expect(start(root)).toEqual({ builds: 1, stdout: 'ran\n' });
    for (const p of ['src', 'src/cli', 'src/cli/main.ts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) touch(join(root, p), -60);
    expect(start(root)).toEqual({ builds: 1, stdout: 'ran\n' });
    expect(start(root).builds).toBe(1);
    touch(join(root, 'src/cli/main.ts'), 5);
    expect(start(root)).toEqual({ builds: 2, stdout: 'ran\n' });
    // The edit's mtime was set in the future; back to the past, so the new stamp is the newer.
    touch(join(root, 'src/cli/main.ts'), -30);
    expect(start(root).builds).toBe(2);
  });
});
