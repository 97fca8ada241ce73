import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The compiled CLI, as `npm start` and the `nexwave` bin run it. */
export const MAIN = join(ROOT, 'dist/src/cli/main.js');

/**
 * `npm test` builds before vitest runs, so suites that spawn the CLI find it current and
 * never compile concurrently (parallel tsc runs would rewrite files under each other).
 * Running one file directly with vitest builds once only if dist/ is missing.
 */
export function ensureBuilt(): void {
  if (existsSync(MAIN)) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'pipe' });
}
