/** Every temp dir a test makes lives in the run's own TMPDIR, which global-setup.ts removes. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_TMP_PREFIX } from './global-setup.js';
import { tempDir } from './temp-dir.js';

describe('test temp dirs', () => {
  it('tmpdir() in a test worker is the run directory, so the run removes what tests leave', () => {
    expect(basename(tmpdir()).startsWith(RUN_TMP_PREFIX)).toBe(true);
    const probe = mkdtempSync(`${tmpdir()}/probe-`);
    rmSync(probe, { recursive: true });
    expect(dirname(probe)).toBe(tmpdir());
  });

  let made = '';
  it('tempDir() in a test is there during the test', () => {
    made = tempDir('nx-probe-');
    expect(existsSync(made)).toBe(true);
  });

  it('and removed once that test finished', () => {
    expect(made).not.toBe('');
    expect(existsSync(made)).toBe(false);
  });
});
