/**
 * The command table: name, one-line summary, flags and the function that runs it. Adding
 * a command is one entry here; run-cli.ts does parsing, config, logging and exit codes.
 */
import type { OptionSpec } from './args.js';
import type { CommandContext, CommandName } from './context.js';

// Commands load their modules when run: the console paints its first frame before the
// database, venue and simulator adapters are even imported.
const runConsole = async (ctx: CommandContext): Promise<number> => (await import('./console-command.js')).runConsole(ctx);
const runHeadless = async (ctx: CommandContext): Promise<number> => (await import('./headless-command.js')).runHeadless(ctx);
const runSim = async (ctx: CommandContext): Promise<number> => (await import('./compose-engine.js')).runSim(ctx);
const runBacktest = async (ctx: CommandContext): Promise<number> => (await import('./compose-engine.js')).runBacktest(ctx);
const runMigrate = async (ctx: CommandContext): Promise<number> => (await import('./migrate-command.js')).runMigrate(ctx);
const runReplayDeadLetters = async (ctx: CommandContext): Promise<number> => (await import('./replay-command.js')).runReplayDeadLetters(ctx);
const runAttach = async (ctx: CommandContext): Promise<number> => (await import('./attach-command.js')).runAttach(ctx);
const runFlatten = async (ctx: CommandContext): Promise<number> => (await import('./flatten-command.js')).runFlatten(ctx);
const runStatus = async (ctx: CommandContext): Promise<number> => (await import('./status-command.js')).runStatus(ctx);

/** One `nexwave <command>`. */
export interface CommandSpec {
  readonly name: CommandName;
  readonly summary: string;
  /** Synopsis after `nexwave` (shown in help). */
  readonly synopsis: string;
  readonly options: readonly OptionSpec[];
  /** Where JSON-lines logs go: stdout only where they are the output (headless). */
  readonly logTo: 'stdout' | 'stderr';
  /**
   * Commands whose output is for a person (console, migrate) print what matters themselves;
   * their logs show only errors unless LOG_LEVEL=debug, so info lines do not bury the answer.
   */
  readonly quietLogs?: boolean;
  /**
   * False for a command that never reads or writes the data dir (`sim`). Every other command
   * has the data dir checked before it runs (checkDataDir): a foreign directory is refused
   * before anything is created, locked or chmodded in it.
   */
  readonly usesDataDir?: false;
  readonly run: (ctx: CommandContext) => Promise<number>;
}

/** Flags every command accepts; `env` names the setting each one overrides. */
export const SHARED_OPTIONS: readonly OptionSpec[] = [
  { name: 'database-url', kind: 'text', value: '<url>', env: 'DATABASE_URL', help: 'PostgreSQL server (default: embedded PGlite in the data dir)' },
  { name: 'data-dir', kind: 'text', value: '<dir>', env: 'NEXWAVE_DATA_DIR', help: 'data dir (default $XDG_DATA_HOME/nexwave or ~/.local/share/nexwave)' },
  { name: 'env-file', kind: 'text', value: '<file>', help: 'settings file (default .env; a missing default is fine)' },
  { name: 'ws-url', kind: 'text', value: '<url>', env: 'PACIFICA_WS_URL', help: 'Pacifica WebSocket URL' },
  { name: 'api-url', kind: 'text', value: '<url>', env: 'PACIFICA_API_URL', help: 'Pacifica REST base URL' },
  { name: 'log-level', kind: 'text', value: '<level>', env: 'LOG_LEVEL', help: 'debug | info | warn | error | silent' },
];

const SIM: readonly OptionSpec[] = [
  { name: 'sim', kind: 'flag', help: 'run against an in-process simulator (its own database)' },
  { name: 'speed', kind: 'positive', value: '<x>', help: 'simulator speed factor (default 1; 60 = a 15m candle every 15 s)' },
  { name: 'seed', kind: 'int', value: '<n>', help: 'simulator seed (default 1)' },
  { name: 'no-backfill', kind: 'flag', env: 'BACKFILL', help: 'skip the /kline warm-up (shows a cold warm-up)' },
];

/** Every command, in help order. The first is the default when no command is given. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'console',
    summary: 'the terminal UI (default command)',
    synopsis: 'console [--sim] [--speed <x>] [--seed <n>] [--no-backfill]',
    options: SIM,
    logTo: 'stderr',
    quietLogs: true,
    run: runConsole,
  },
  {
    name: 'headless',
    summary: 'the engine without a UI; JSON-lines logs on stdout, a JSON summary last',
    synopsis: 'headless [--duration <s>] [--sim] [--speed <x>] [--seed <n>] [--no-backfill]',
    options: [{ name: 'duration', kind: 'positive', value: '<s>', help: 'stop by itself after this many seconds' }, ...SIM],
    logTo: 'stdout',
    run: runHeadless,
  },
  {
    name: 'attach',
    summary: 'the console of the engine running on this data dir (d detaches, the engine keeps running)',
    synopsis: 'attach [--read-only]',
    options: [{ name: 'read-only', kind: 'flag', help: 'watch without the power to send commands' }],
    logTo: 'stderr',
    quietLogs: true,
    run: runAttach,
  },
  {
    name: 'status',
    summary: 'what the engine on this data dir is doing, as one screen of text or JSON; exit code for scripts',
    synopsis: 'status [--json] [--sim]',
    options: [
      { name: 'json', kind: 'flag', help: 'print the engine state as JSON' },
      { name: 'sim', kind: 'flag', help: 'with no engine running, read the simulation database' },
    ],
    logTo: 'stderr',
    quietLogs: true,
    run: runStatus,
  },
  {
    name: 'flatten',
    summary: 'kill switch: cancel every order and close every position through the running engine',
    synopsis: 'flatten [--confirm FLATTEN] [--live]',
    options: [
      { name: 'confirm', kind: 'text', value: '<word>', help: 'the confirmation word (FLATTEN); asked for when omitted' },
      { name: 'live', kind: 'flag', help: 'with no engine running: the live Pacifica account (default: the paper account)' },
    ],
    logTo: 'stderr',
    quietLogs: true,
    run: runFlatten,
  },
  {
    name: 'migrate',
    summary: 'apply database migrations, print what was applied, exit',
    synopsis: 'migrate [--sim]',
    options: [{ name: 'sim', kind: 'flag', help: 'migrate the simulation database instead' }],
    logTo: 'stderr',
    quietLogs: true,
    run: runMigrate,
  },
  {
    name: 'replay-dead-letters',
    summary: 'send the rows of a dead-letter file to the database again (after a fix)',
    synopsis: 'replay-dead-letters [--sim] [--file <path>]',
    options: [
      { name: 'sim', kind: 'flag', help: 'the simulation data (<data dir>/sim/dead-letter.jsonl and the simulation database)' },
      { name: 'file', kind: 'text', value: '<path>', help: 'dead-letter file (default <data dir>/dead-letter.jsonl)' },
    ],
    logTo: 'stderr',
    quietLogs: true,
    run: runReplayDeadLetters,
  },
  {
    name: 'sim',
    summary: 'run the Pacifica-compatible simulator alone on loopback',
    synopsis: 'sim --port <p> --seed <n> --speed <x> [--pairs A,B]',
    options: [
      { name: 'port', kind: 'port', value: '<p>', help: 'loopback port (default 0: any free port, printed)' },
      { name: 'seed', kind: 'int', value: '<n>', help: 'seed (default 1): same seed, same market' },
      { name: 'speed', kind: 'positive', value: '<x>', help: 'speed factor (default 1)' },
      { name: 'pairs', kind: 'symbols', value: '<A,B>', help: 'pairs to simulate (default all 34)' },
    ],
    usesDataDir: false,
    logTo: 'stderr',
    run: runSim,
  },
  {
    name: 'backtest',
    summary: 'the strategy over stored candles with the paper fill model',
    synopsis: 'backtest [--from <date>] [--to <date>] [--symbols A,B] [--out <file>] [--sim]',
    options: [
      { name: 'from', kind: 'date', value: '<date>', help: 'start, UTC (2025-11-14 or 2025-11-14T16:00Z; default: first stored candle + warm-up)' },
      { name: 'to', kind: 'date', value: '<date>', help: 'end (exclusive), UTC (default: end of the last stored candle)' },
      { name: 'symbols', kind: 'symbols', value: '<A,B>', help: 'symbols (default all active pairs)' },
      { name: 'out', kind: 'text', value: '<file>', help: 'write trades and summary to this file' },
      { name: 'sim', kind: 'flag', help: 'backtest over the simulation database (what `--sim` runs collected)' },
    ],
    logTo: 'stderr',
    quietLogs: true,
    run: runBacktest,
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
