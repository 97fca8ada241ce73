/** A fresh embedded data dir is a copy of the build's template; the worker keeps shared_buffers small. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteStore } from '../../../src/data/pglite/index.js';
import { MARKER_FILE } from '../../../src/data/pglite/data-dir.js';
import { ensureTemplate, pgliteVersion, seedFromTemplate, templateUsable } from '../../../src/data/pglite/template.js';
import { startWorker } from '../../../src/data/pglite/worker-proxy.js';

const root = mkdtempSync(join(tmpdir(), 'nx-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeTemplate(name: string, version: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'base'), { recursive: true });
  writeFileSync(join(dir, 'PG_VERSION'), '17\n');
  writeFileSync(join(dir, 'base', 'file'), 'x');
  writeFileSync(join(dir, 'nexwave-template.json'), JSON.stringify({ pglite: version }));
  return dir;
}

describe('seedFromTemplate', () => {
  it('copies the template (not its tag) into the missing directory, prepared before it appears', () => {
    const template = fakeTemplate('good', pgliteVersion());
    const target = join(root, 'data', 'pglite');
    mkdirSync(join(root, 'data'));
    const seen: string[] = [];
    expect(seedFromTemplate(target, (d) => seen.push(...readdirSync(d)), template)).toBe(true);
    expect(seen.sort()).toEqual(['PG_VERSION', 'base']);
    expect(readdirSync(target).sort()).toEqual(['PG_VERSION', 'base']);
    expect(readdirSync(join(root, 'data'))).toEqual(['pglite']);
  });

  it('a template of another PGlite version, or none, is not used and nothing is created', () => {
    const target = join(root, 'other', 'pglite');
    mkdirSync(join(root, 'other'));
    expect(seedFromTemplate(target, () => {}, fakeTemplate('old', '0.0.1'))).toBe(false);
    expect(seedFromTemplate(target, () => {}, join(root, 'missing'))).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});

describe('the built template', () => {
  it('opens as a fresh store, marked as ours; the worker runs with shared_buffers 32MB', async () => {
    const template = join(root, 'built');
    expect(await ensureTemplate(template)).toBe(true);
    expect(templateUsable(template)).toBe(true);
    expect(await ensureTemplate(template)).toBe(false);
    const dir = join(root, 'store', 'pglite');
    mkdirSync(join(root, 'store'));
    expect(seedFromTemplate(dir, () => {}, template)).toBe(true);
    const worker = await startWorker(dir);
    try {
      expect(await worker.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '32MB' }]);
    } finally {
      await worker.close();
    }
    const fresh = join(root, 'fresh', 'pglite');
    const store = await createPgliteStore({ dataDir: fresh });
    try {
      expect((await store.migrate()).applied.length).toBeGreaterThan(0);
      expect(JSON.parse(readFileSync(join(fresh, MARKER_FILE), 'utf8'))).toMatchObject({ app: 'nexwave-console' });
    } finally {
      await store.close();
    }
  }, 60_000);
});
