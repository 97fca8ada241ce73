/**
 * Commands the program suggests must work as typed: they start with the way the user ran it
 * (`./bin/nexwave.js` from a checkout, `nexwave` once it is on PATH, `npx nexwave`) and carry
 * the shared flags the user gave (--data-dir, --database-url, --log-level...), so the
 * suggested command reads and writes the same data as the one that printed it.
 */
import { basename, isAbsolute, join, relative } from 'node:path';
import { redactUrl } from '../engine/app/redact.js';
import { packageRoot } from '../data/sql/migrations-dir.js';

/** Quote `s` for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command prefix that runs this program again, as the user would type it:
 * `npx nexwave` under npx, `nexwave` when run through a bin link on PATH, otherwise the bin
 * script's path relative to the user's directory (`./bin/nexwave.js` from the checkout; npm
 * start and npm run demo end up here too, with INIT_CWD the directory npm was run in).
 */
export function programName(script: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string, bin = join(packageRoot(), 'bin', 'nexwave.js')): string {
  if (env.npm_command === 'exec') return 'npx nexwave';
  if (script !== undefined && basename(script) === 'nexwave') return 'nexwave';
  const rel = relative(env.INIT_CWD ?? cwd, bin);
  // Inside the checkout: ./bin/nexwave.js; anywhere else the absolute path reads better than ../../..
  return shellQuote(isAbsolute(rel) || rel.startsWith('..') ? bin : `./${rel}`);
}

/** A password inside a URL is never printed; the suggestion says where to put it back. */
export interface EchoedFlags {
  readonly text: string;
  readonly passwordHidden: boolean;
}

/** The shared flags as the user gave them (`names` in order), shell-quoted, URL passwords hidden. */
export function echoFlags(values: ReadonlyMap<string, unknown>, names: readonly string[]): EchoedFlags {
  let passwordHidden = false;
  const parts: string[] = [];
  for (const name of names) {
    const v = values.get(name);
    if (typeof v !== 'string') continue;
    const shown = name.endsWith('-url') ? redactUrl(v) : v;
    passwordHidden ||= shown !== v;
    parts.push(`--${name}`, shellQuote(shown));
  }
  return { text: parts.join(' '), passwordHidden };
}

/** Builds suggestions: `suggest('headless --sim')` -> `./bin/nexwave.js headless --sim --data-dir /x`. */
export interface Suggester {
  /** The program prefix alone (`./bin/nexwave.js`). */
  readonly program: string;
  /** A full command: program, `rest`, then the shared flags the user gave. */
  command(rest: string): string;
  /** A line to print under suggestions when a URL password was hidden, else ''. */
  readonly note: string;
}

/** The context's suggester, or one for the bin run from the current directory with no flags. */
export function suggesterOf(ctx: { readonly suggest?: Suggester }): Suggester {
  return ctx.suggest ?? createSuggester(programName(undefined, {}, process.cwd()), { text: '', passwordHidden: false });
}

export function createSuggester(program: string, flags: EchoedFlags): Suggester {
  return {
    program,
    command: (rest) => [program, rest, flags.text].filter((s) => s !== '').join(' '),
    note: flags.passwordHidden ? '(the password in --database-url is shown as ***: type yours in its place)' : '',
  };
}
