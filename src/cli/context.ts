/**
 * What every command receives from the composition root. Built by run-cli.ts after the
 * arguments and the configuration were validated, so a command never sees bad input.
 */
import type { Config } from '../engine/app/config.js';
import type { Logger } from '../engine/ports/logger.js';
import type { Suggester } from './invocation.js';

export type CommandName = 'console' | 'headless' | 'migrate' | 'replay-dead-letters' | 'sim' | 'backtest' | 'attach' | 'status' | 'flatten';

/** Parsed flags. Shared flags are also folded into `config`; they are kept here for display. */
export interface CommandArgs {
  /** Run against an in-process simulator (console, headless). */
  readonly sim: boolean;
  /** False with --no-backfill (also folded into config.backfill). */
  readonly backfill: boolean;
  /** headless: stop by itself after this many seconds. */
  readonly duration: number | undefined;
  /** Simulator speed factor (60 = a 15-minute candle every 15 s). */
  readonly speed: number;
  /** Simulator seed (same seed, same market). */
  readonly seed: number;
  /** sim: loopback port (0 = any free port). */
  readonly port: number;
  /** sim: pairs to simulate (undefined = all). */
  readonly pairs: readonly string[] | undefined;
  /** backtest: symbols (undefined = all active pairs). */
  readonly symbols: readonly string[] | undefined;
  /** backtest: inclusive start, epoch ms (UTC). */
  readonly from: number | undefined;
  /** backtest: exclusive end, epoch ms (UTC). */
  readonly to: number | undefined;
  /** backtest: file the trades and summary are written to. */
  readonly out: string | undefined;
  /** flatten: act on the live account instead of the paper one. */
  readonly live?: boolean;
  /** replay-dead-letters: the dead-letter file (undefined = the data dir's). */
  readonly file?: string | undefined;
  /** --env-file as given (undefined = default .env). */
  readonly envFile: string | undefined;
  /** status: print the state as JSON. */
  readonly json: boolean;
  /** attach: without the power to send commands. */
  readonly readOnly: boolean;
  /** flatten: the typed confirmation word (undefined = ask). */
  readonly confirm: string | undefined;
}

/** Text sink; process.stdout / process.stderr in production, buffers in tests. */
export interface Output {
  write(text: string): unknown;
  /** True once the reader went away (EPIPE): writes are dropped from then on. */
  readonly closed?: boolean;
  /** The terminal behind this output, when it is one (the console draws on it). */
  readonly tty?: NodeJS.WriteStream;
}

/** Everything a command needs; see src/cli/compose-engine.ts for the engine commands. */
export interface CommandContext {
  readonly command: CommandName;
  readonly config: Config;
  readonly args: CommandArgs;
  /** Absolute data dir (config.dataDir; printed on start). */
  readonly dataDir: string;
  /** JSON-lines logger at config.logLevel (stdout for headless, stderr otherwise). */
  readonly logger: Logger;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Aborted on SIGINT / SIGTERM: stop gracefully (flush the writer, close sockets). */
  readonly signal: AbortSignal;
  /**
   * Builds the commands this one suggests, as the user can type them (see invocation.ts).
   * run-cli.ts always sets it; contexts built elsewhere (tests, benches) may leave it out.
   */
  readonly suggest?: Suggester;
}
