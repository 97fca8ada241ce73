/**
 * A temp dir removed when the test that made it finishes (or, made outside a test, when its
 * file's tests are done), so a run leaves nothing behind even without global-setup.ts's net.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    // Not inside a test (a describe body or a beforeAll): when the file's tests are done.
    try {
      afterAll(remove);
    } catch {
      process.once('exit', remove);
    }
  }
  return dir;
}
