/**
 * The CLI pipeline, free of process globals so tests can drive it: pick the command, parse
 * its flags, load and validate the config (nothing is created or written before this
 * passes), build the context, run, map failures to exit codes (2 = bad usage or bad
 * config, 1 = runtime failure).
 */
import type { FlagValue } from './args.js';
import { parseFlags } from './args.js';
import { COMMANDS, SHARED_OPTIONS, findCommand, type CommandSpec } from './commands.js';
import type { CommandArgs, CommandContext, Output } from './context.js';
import { commandHelp, generalHelp } from './help.js';
import { createSuggester, echoFlags, programName } from './invocation.js';
import { createJsonLogger } from './json-logger.js';
import { loadConfig } from './load-config.js';
import { appVersion } from './version.js';
import { redactText } from '../engine/app/redact.js';
import { checkDataDir } from '../data/files/data-root.js';
import { NexwaveError } from '../engine/core/errors.js';
import { errorMessage } from '../engine/core/error-message.js';

/** The process surroundings runCli needs; main.ts passes the real ones. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly signal: AbortSignal;
  /** How the user ran us (`./bin/nexwave.js`, `nexwave`); main.ts derives it, see invocation.ts. */
  readonly program?: string;
}

/** Run `nexwave <argv...>`; resolves to the exit code. */
export async function runCli(given: readonly string[], io: CliIo): Promise<number> {
  if (given.includes('--version') || given.includes('-v')) return print(io.stdout, `nexwave ${appVersion()}\n`, 0);
  const argv = helpLast(given);
  const first = argv[0];
  if (first === 'help') return helpCommand(undefined, io);
  if (first !== undefined && !first.startsWith('-') && !findCommand(first)) return unknownCommand(first, io);
  const named = first !== undefined && !first.startsWith('-');
  const spec = named ? findCommand(first) : COMMANDS[0];
  if (!spec) throw new Error('command table is empty');
  const rest = named ? argv.slice(1) : argv;
  const who = `nexwave ${spec.name}`;
  const program = io.program ?? programName(undefined, io.env, io.cwd);
  let values: ReadonlyMap<string, FlagValue>;
  try {
    const parsed = parseFlags(rest, [...spec.options, ...SHARED_OPTIONS]);
    if (parsed.help) return print(io.stdout, named ? commandHelp(spec) : generalHelp(), 0);
    values = parsed.values;
    checkRanges(values, spec);
  } catch (err) {
    if (err instanceof NexwaveError && err.code === 'CLI.USAGE') return usageError(io.stderr, who, err.message, `${program} ${spec.name} --help`);
    throw err;
  }
  return runCommand(spec, values, io, program);
}

async function runCommand(spec: CommandSpec, values: ReadonlyMap<string, FlagValue>, io: CliIo, program: string): Promise<number> {
  const envFile = values.get('env-file');
  const loaded = loadConfig({
    envFile: { path: typeof envFile === 'string' ? envFile : '.env', explicit: typeof envFile === 'string' },
    env: io.env,
    overrides: overridesFrom(values),
    cwd: io.cwd,
  });
  for (const w of loaded.warnings) io.stderr.write(`nexwave: warning: ${w}\n`);
  if (!loaded.ok) {
    io.stderr.write(`nexwave: invalid configuration (nothing was started):\n${loaded.errors.map((e) => `  ${e}\n`).join('')}`);
    return 2;
  }
  const sink = spec.logTo === 'stdout' ? io.stdout : io.stderr;
  const level = loaded.config.logLevel;
  const quiet = spec.quietLogs === true && level !== 'debug' && level !== 'silent';
  const logger = createJsonLogger({ level: quiet ? 'error' : level, write: (line) => sink.write(line) });
  const ctx: CommandContext = {
    command: spec.name,
    config: loaded.config,
    args: toArgs(values),
    dataDir: loaded.config.dataDir,
    logger,
    stdout: io.stdout,
    stderr: io.stderr,
    signal: io.signal,
    suggest: createSuggester(program, echoFlags(values, SHARED_OPTIONS.map((o) => o.name))),
  };
  // Counts of repeated events are written when their period ends, even if nothing else is logged.
  const ticker = setInterval(() => logger.tick(), 1_000);
  ticker.unref();
  try {
    // Before the command touches anything: a foreign data dir is refused, not chmodded or locked.
    if (spec.usesDataDir !== false) checkDataDir(ctx.dataDir);
    return await spec.run(ctx);
  } catch (err) {
    const usage = err instanceof NexwaveError && (err.code === 'CLI.USAGE' || err.code === 'CONFIG.INVALID');
    const message = errorMessage(err);
    io.stderr.write(`nexwave ${spec.name}: ${err instanceof NexwaveError ? '' : 'unexpected error: '}${redactText(message)}\n`);
    if (spec.logTo === 'stdout') logger.error('cli.failed', { error: err });
    if (!(err instanceof NexwaveError)) logger.debug('cli.stack', { stack: err instanceof Error ? err.stack : undefined });
    // Stopped by the user (Ctrl-C at a prompt) before anything was done: 128 + SIGINT.
    if (err instanceof NexwaveError && err.code === 'APP.STOPPED') return 130;
    return usage ? 2 : 1;
  } finally {
    clearInterval(ticker);
    logger.flush();
  }
}

/** Shared flags become config overrides under their setting's name. */
function overridesFrom(values: ReadonlyMap<string, FlagValue>): Record<string, { value: string; flag: string }> {
  const out: Record<string, { value: string; flag: string }> = {};
  for (const o of SHARED_OPTIONS) {
    const v = values.get(o.name);
    if (o.env && typeof v === 'string') out[o.env] = { value: v, flag: `--${o.name}` };
  }
  if (values.get('no-backfill') === true) out.BACKFILL = { value: 'false', flag: '--no-backfill' };
  return out;
}

/** Rules across flags that the per-flag parser cannot see. */
function checkRanges(values: ReadonlyMap<string, FlagValue>, spec: CommandSpec): void {
  // Where --sim is a flag, --speed and --seed only shape its simulator: without it they
  // would be ignored, so the user would not get the market they asked for.
  if (spec.options.some((o) => o.name === 'sim') && values.get('sim') !== true) {
    const given = ['speed', 'seed'].filter((f) => values.has(f)).map((f) => `--${f}`);
    if (given.length > 0) throw new NexwaveError('CLI.USAGE', `${given.join(' and ')} only ${given.length > 1 ? 'apply' : 'applies'} with --sim (the in-process simulator); add --sim or drop ${given.length > 1 ? 'them' : 'it'}`);
  }
  const from = values.get('from');
  const to = values.get('to');
  if (typeof from === 'number' && typeof to === 'number' && from >= to) {
    throw new NexwaveError('CLI.USAGE', `--from must be before --to (got ${new Date(from).toISOString()} >= ${new Date(to).toISOString()})`);
  }
}

function toArgs(values: ReadonlyMap<string, FlagValue>): CommandArgs {
  const num = (k: string): number | undefined => {
    const v = values.get(k);
    return typeof v === 'number' ? v : undefined;
  };
  const list = (k: string): readonly string[] | undefined => {
    const v = values.get(k);
    return Array.isArray(v) ? v : undefined;
  };
  const str = (k: string): string | undefined => {
    const v = values.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    sim: values.get('sim') === true,
    backfill: values.get('no-backfill') !== true,
    duration: num('duration'),
    speed: num('speed') ?? 1,
    seed: num('seed') ?? 1,
    port: num('port') ?? 0,
    pairs: list('pairs'),
    symbols: list('symbols'),
    from: num('from'),
    to: num('to'),
    out: str('out'),
    file: str('file'),
    envFile: str('env-file'),
    live: values.get('live') === true,
    json: values.get('json') === true,
    readOnly: values.get('read-only') === true,
    confirm: str('confirm'),
  };
}

/**
 * `nexwave --help headless ...` and `nexwave help headless ...` read as `nexwave headless
 * --help ...`, whatever flags follow (they are parsed, then help wins).
 */
function helpLast(argv: readonly string[]): readonly string[] {
  const [first, name, ...rest] = argv;
  const asksHelp = first === 'help' || first === '--help' || first === '-h';
  return asksHelp && name !== undefined && !name.startsWith('-') ? [name, '--help', ...rest] : argv;
}

/** `nexwave help`. */
function helpCommand(name: string | undefined, io: CliIo): number {
  if (name === undefined) return print(io.stdout, generalHelp(), 0);
  const spec = findCommand(name);
  return spec ? print(io.stdout, commandHelp(spec), 0) : unknownCommand(name, io);
}

function unknownCommand(name: string, io: CliIo): number {
  const names = COMMANDS.map((c) => c.name).join(', ');
  return usageError(io.stderr, 'nexwave', `unknown command '${name}' (commands: ${names})`, `${io.program ?? programName(undefined, io.env, io.cwd)} --help`);
}

function print(out: Output, text: string, code: number): number {
  out.write(text);
  return code;
}

function usageError(err: Output, who: string, message: string, help: string): number {
  err.write(`${who}: ${message}\nRun '${help}' for usage.\n`);
  return 2;
}
