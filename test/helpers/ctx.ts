import { parseConfig } from '../../src/engine/app/config.js';
import type { CommandArgs, CommandContext, CommandName } from '../../src/cli/context.js';
import { silentLogger, type Logger } from '../../src/engine/ports/logger.js';
import { createSuggester } from '../../src/cli/invocation.js';
import { tempDir } from './temp-dir.js';

/** Collects what a command writes. */
export class Buffer {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

const ARGS: CommandArgs = {
  sim: false, backfill: true, duration: undefined, speed: 1, seed: 1, port: 0,
  pairs: undefined, symbols: undefined, from: undefined, to: undefined, out: undefined, file: undefined, envFile: undefined,
  json: false, readOnly: false, confirm: undefined, live: false,
};

/**
 * A CommandContext as run-cli.ts builds it, over a fresh temp data dir (removed when the test
 * ends) unless one is given. Its suggestions carry `--data-dir <dir>`, as when the user gave it.
 */
export function testContext(opts: { command?: CommandName; env?: Record<string, string>; args?: Partial<CommandArgs>; logger?: Logger; signal?: AbortSignal } = {}) {
  const dataDir = opts.env?.NEXWAVE_DATA_DIR ?? tempDir('nxt-');
  const parsed = parseConfig({ NEXWAVE_DATA_DIR: dataDir, ...opts.env });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const stdout = new Buffer();
  const stderr = new Buffer();
  const ctx: CommandContext = {
    command: opts.command ?? 'headless',
    config: parsed.config,
    args: { ...ARGS, ...opts.args },
    dataDir,
    logger: opts.logger ?? silentLogger,
    stdout,
    stderr,
    signal: opts.signal ?? new AbortController().signal,
    suggest: createSuggester('./bin/nexwave.js', { text: `--data-dir ${dataDir}`, passwordHidden: false }),
  };
  return { ctx, stdout, stderr, dataDir };
}
