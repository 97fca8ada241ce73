/**
 * A fresh embedded data dir is a copy of a template built once (by `npm run build`, which
 * `npm ci` runs), not a new initdb. PGlite's initdb on first open takes 2-3 s and peaks near
 * 900 MB of RSS (it runs a second WebAssembly instance and copies the first one's heap); copying
 * the 39 MB template takes about 70 ms and the open that follows about 0.3 s at under 100 MB.
 * The template is an initialised, empty cluster (no migrations: they run at open as always),
 * tagged with the PGlite version that made it; one from another version is ignored.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../sql/migrations-dir.js';

const TAG_FILE = 'nexwave-template.json';

/** dist/pglite-template under the package root. */
export function templateDir(): string {
  return join(packageRoot(), 'dist', 'pglite-template');
}

/** The installed PGlite's version: a template made by another one is not used. */
export function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === '@electric-sql/pglite') return parsed.version ?? 'unknown';
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** True when `dir` holds a template made by the installed PGlite. */
export function templateUsable(dir = templateDir()): boolean {
  try {
    const tag = JSON.parse(readFileSync(join(dir, TAG_FILE), 'utf8')) as { pglite?: string };
    return tag.pglite === pgliteVersion();
  } catch {
    return false;
  }
}

/** Build the template unless a usable one exists; returns whether it built one. */
export async function ensureTemplate(dir = templateDir()): Promise<boolean> {
  if (templateUsable(dir)) return false;
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(tmp), { recursive: true });
  // Loaded here: the CLI imports this module on every start and only the build needs PGlite itself.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: tmp });
  await db.query('SELECT 1');
  await db.close();
  writeFileSync(join(tmp, TAG_FILE), `${JSON.stringify({ pglite: pgliteVersion(), createdAt: new Date().toISOString() })}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return true;
}

/**
 * Fill the missing or empty directory `target` from the template, atomically: the copy is made
 * beside it and renamed into place, so a crash mid-copy leaves no half-initialised cluster.
 * `prepare` runs on the copy before the rename (it writes our marker). Returns false (and
 * touches nothing) when there is no usable template.
 */
export function seedFromTemplate(target: string, prepare: (dir: string) => void, dir = templateDir()): boolean {
  if (!templateUsable(dir)) return false;
  const tmp = `${target}.seeding-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    cpSync(dir, tmp, { recursive: true, filter: (src) => !src.endsWith(TAG_FILE) });
    prepare(tmp);
    // Only an empty directory reaches here (inspectDataDir called it fresh).
    if (existsSync(target)) rmdirSync(target);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return true;
}
