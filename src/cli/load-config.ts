/**
 * Reads settings from the env file, the process environment and CLI flags (in rising
 * precedence, as dotenv does: the process environment beats the file; flags beat both) and
 * validates them with the one config schema. Reads only: nothing is created or written.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parseConfig, type Config } from '../engine/app/config.js';
import { redactText } from '../engine/app/redact.js';
import { errorMessage } from '../engine/core/error-message.js';

export interface LoadConfigOptions {
  /** Env file path; `explicit` false = the default `.env`, which may be absent. */
  readonly envFile: { readonly path: string; readonly explicit: boolean };
  /** The process environment (or a test's). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values from CLI flags by config key, with the flag that set each (for error lines). */
  readonly overrides: Readonly<Record<string, { readonly value: string; readonly flag: string }>>;
  /** Relative paths (env file, NEXWAVE_DATA_DIR) resolve against this directory. */
  readonly cwd: string;
}

export type LoadConfigResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: readonly string[]; readonly envFileLoaded: string | undefined }
  | { readonly ok: false; readonly errors: readonly string[]; readonly warnings: readonly string[] };

/** Load and validate the configuration; errors are one line per bad key (secrets redacted). */
export function loadConfig(opts: LoadConfigOptions): LoadConfigResult {
  const file = readEnvFile(resolve(opts.cwd, opts.envFile.path), opts.envFile.explicit);
  if ('error' in file) return { ok: false, errors: [file.error], warnings: [] };
  const merged: Record<string, string | undefined> = { ...file.vars, ...opts.env };
  for (const [key, o] of Object.entries(opts.overrides)) merged[key] = o.value;
  const dir = merged.NEXWAVE_DATA_DIR?.trim();
  if (dir && !isAbsolute(dir)) merged.NEXWAVE_DATA_DIR = resolve(opts.cwd, dir);
  const result = parseConfig(merged);
  if (result.ok) return { ...result, envFileLoaded: file.loaded };
  const errors = result.errors.map((line) => {
    const key = line.slice(0, line.indexOf(':'));
    const flag = opts.overrides[key]?.flag;
    return flag ? `${line} (set by ${flag})` : line;
  });
  return { ok: false, errors, warnings: result.warnings };
}

function readEnvFile(path: string, explicit: boolean): { vars: Record<string, string>; loaded: string | undefined } | { error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return { vars: {}, loaded: undefined };
    const why = code === 'ENOENT' ? 'no such file' : redactText(errorMessage(err));
    return { error: `--env-file: cannot read ${path}: ${why}` };
  }
  return { vars: parseDotenv(text), loaded: path };
}
