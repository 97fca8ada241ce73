/** Every temp dir a test makes lives in the run's own TMPDIR, which global-setup.ts removes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_TMP_PREFIX } from './global-setup.js';

describe('test temp dirs', () => {
  it('tmpdir() in a test worker is the run directory, so the run removes what tests leave', () => {
    expect(basename(tmpdir()).startsWith(RUN_TMP_PREFIX)).toBe(true);
    expect(dirname(mkdtempSync(`${tmpdir()}/probe-`))).toBe(tmpdir());
  });
});
