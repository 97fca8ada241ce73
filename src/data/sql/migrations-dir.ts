import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's `migrations/` directory. Walks up from this module to the package root, so it
 * works from `src/data/sql` (vitest, tsx) and from `dist/src/data/sql` (after `tsc`) alike.
 */
export function defaultMigrationsDir(): string {
  return join(packageRoot(), 'migrations');
}

/** The package root (the directory of our package.json that has migrations/ beside it). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && isOurPackage(pkg) && existsSync(join(dir, 'migrations'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('migrations/ not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

function isOurPackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'nexwave-console';
  } catch {
    return false;
  }
}
