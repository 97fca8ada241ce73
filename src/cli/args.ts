/**
 * Hand-written flag parser (no dependency): `--name value`, `--name=value`, boolean
 * `--flag`, `-h` / `--help`. Every problem is a NexwaveError('CLI.USAGE') whose message is
 * one line; run-cli.ts adds the hint and exits 2.
 */
import { NexwaveError } from '../engine/core/errors.js';

/** How a flag's value is read. */
export type OptionKind = 'flag' | 'text' | 'positive' | 'int' | 'port' | 'symbols' | 'date';

/** One flag of a command. */
export interface OptionSpec {
  /** Flag name without dashes (`duration` for `--duration`). */
  readonly name: string;
  readonly kind: OptionKind;
  /** Placeholder shown in help (`<seconds>`); flags have none. */
  readonly value?: string;
  readonly help: string;
  /** Config key this flag overrides (DATABASE_URL for --database-url). */
  readonly env?: string;
  readonly required?: boolean;
}

export type FlagValue = string | number | boolean | readonly string[];

/** Result of parsing: values by flag name, and whether help was asked for. */
export interface ParsedFlags {
  readonly values: ReadonlyMap<string, FlagValue>;
  readonly help: boolean;
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const SYMBOL = /^[A-Za-z0-9]{1,20}$/;

function usage(message: string): NexwaveError {
  return new NexwaveError('CLI.USAGE', message);
}

/** Parse `argv` (the part after the command name) against `specs`. */
export function parseFlags(argv: readonly string[], specs: readonly OptionSpec[]): ParsedFlags {
  const values = new Map<string, FlagValue>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }
    if (!token.startsWith('--')) throw usage(`unexpected argument '${token}'`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw usage(`unknown option --${name}`);
    if (values.has(name)) throw usage(`--${name} given twice`);
    if (spec.kind === 'flag') {
      if (eq !== -1) throw usage(`--${name} takes no value`);
      values.set(name, true);
      continue;
    }
    const raw = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (raw === undefined || (eq === -1 && raw.startsWith('--'))) throw usage(`--${name} needs a value ${spec.value ?? ''}`.trimEnd());
    values.set(name, convert(spec, raw));
  }
  if (!help) {
    const missing = specs.filter((s) => s.required && !values.has(s.name)).map((s) => `--${s.name}`);
    if (missing.length > 0) throw usage(`missing required option ${missing.join(', ')}`);
  }
  return { values, help };
}

function convert(spec: OptionSpec, raw: string): FlagValue {
  const bad = (rule: string): NexwaveError => usage(`--${spec.name} must be ${rule}, got '${raw}'`);
  switch (spec.kind) {
    case 'positive': {
      const n = Number(raw);
      if (!DECIMAL.test(raw) || !Number.isFinite(n) || n <= 0) throw bad('a number > 0');
      return n;
    }
    case 'int':
    case 'port': {
      const n = Number(raw);
      const max = spec.kind === 'port' ? 65535 : Number.MAX_SAFE_INTEGER;
      if (!/^\d+$/.test(raw) || n > max) throw bad(spec.kind === 'port' ? 'a port 0..65535' : 'a whole number >= 0');
      return n;
    }
    case 'symbols': {
      const list = raw.split(',').map((s) => s.trim());
      if (list.some((s) => !SYMBOL.test(s))) throw bad('a comma-separated list of symbols like BTC,ETH');
      return list;
    }
    case 'date': {
      const t = Date.parse(raw);
      if (!DATE.test(raw) || !Number.isFinite(t)) throw bad('a UTC date like 2025-11-14 or 2025-11-14T16:00Z');
      return t;
    }
    default:
      if (raw.trim() === '') throw bad('non-empty');
      return raw;
  }
}
