#!/usr/bin/env node
// `npm run build` (also run once by `npm ci` through the `prepare` script): compile with tsc
// (incremental: a no-op build takes about a second), build the embedded-database template
// (src/data/pglite/template.ts: a fresh data dir is a copy of it instead of a slow initdb), then
// write dist/.build-stamp. bin/nexwave.js compares that stamp with the sources' modification
// times, so `npm start` starts at once and rebuilds only after a source changed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = 'dist/.build-stamp';
/** What the start-up check compares against the stamp: the compiled sources and their settings. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((/** @type {number} */ max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

/**
 * True when `root` has sources (a checkout) and they changed since the last build, or it was never built.
 * @param {string} [root]
 * @returns {boolean}
 */
export function buildIsStale(root = ROOT) {
  if (!existsSync(join(root, 'src'))) return false;
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((p) => newestMtime(join(root, p)) > built);
}

/** Compile, build the PGlite template, stamp. Throws (with tsc's output on stderr) when tsc fails. */
export function build(root = ROOT) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync(process.execPath, ['--input-type=module', '-e', `
    const { ensureTemplate } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/src/data/pglite/template.js')).href)});
    await ensureTemplate();`], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(join(root, STAMP), `${new Date().toISOString()}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build();
  } catch {
    process.exit(1);
  }
}
