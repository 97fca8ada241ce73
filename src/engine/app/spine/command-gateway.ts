/**
 * The one command gateway: every surface (console key, control socket, CLI) calls
 * `execute`. It validates the typed confirmation of dangerous commands, runs the handler
 * registered for the command under a deadline, logs the command with its origin and
 * emits `command.executed`. A command nobody can honour yet is refused with that reason,
 * never faked.
 */
import { CONFIRM_WORDS, describeOrigin, refused, type Command, type CommandOrigin, type CommandResult, type CommandType } from '../../core/spine/command.js';
import type { WarmupPhase } from '../../core/spine/engine-state.js';
import type { CommandSink } from '../../core/spine/state-source.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { errorMessage } from '../../core/error-message.js';
import { within } from '../within.js';
import type { Spine } from './spine.js';

export interface HandlerContext {
  readonly origin: CommandOrigin;
  /** The origin in words, for `by` fields and logs. */
  readonly by: string;
}

export type CommandHandler<T extends CommandType> = (command: Extract<Command, { type: T }>, ctx: HandlerContext) => Promise<CommandResult>;

export interface CommandGateway extends CommandSink {
  /** Register (or replace) the handler of one command type. */
  handle<T extends CommandType>(type: T, handler: CommandHandler<T>): void;
}

export interface GatewayDeps {
  readonly spine: Spine;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Longest a handler may take before the caller gets a refusal (the work may go on). */
  readonly timeoutMs?: number;
}

const UNAVAILABLE: Readonly<Partial<Record<CommandType, string>>> = {
  'positions.flatten': 'order management is not running in this engine: there is nothing it could cancel or close; nothing was done',
  'mode.set': 'order management is not running in this engine, so it cannot switch between paper and live; nothing was done',
};

const STARTING: ReadonlySet<WarmupPhase> = new Set(['starting', 'opening-database', 'migrating']);

/** Why nobody can honour `type`: still starting (order management comes with the database), or not in this engine. */
function unavailable(type: CommandType, phase: WarmupPhase): string {
  if (STARTING.has(phase)) return `order management is still starting (${phase}): nothing was done; try again in a moment`;
  return UNAVAILABLE[type] ?? `${type} is not available`;
}

/** The confirmation word a command needs, when it needs one. */
export function requiredWord(c: Command): string | null {
  if (c.type === 'positions.flatten') return CONFIRM_WORDS.flatten;
  if (c.type === 'halt.leave') return CONFIRM_WORDS.resume;
  if (c.type === 'mode.set' && c.mode === 'live') return CONFIRM_WORDS.live;
  return null;
}

function checkConfirmation(c: Command): CommandResult | null {
  const word = requiredWord(c);
  if (word === null) return null;
  const typed = 'confirm' in c ? c.confirm : undefined;
  if (typed === word) return null;
  return refused('COMMAND.CONFIRMATION', `confirmation must be "${word}"${typed ? `, got "${typed}"` : ''}: nothing was done`);
}

export function createCommandGateway(deps: GatewayDeps): CommandGateway {
  const handlers = new Map<CommandType, CommandHandler<CommandType>>();

  const run = async (command: Command, ctx: HandlerContext): Promise<CommandResult> => {
    const bad = checkConfirmation(command);
    if (bad) return bad;
    const handler = handlers.get(command.type);
    if (!handler) return refused('COMMAND.UNAVAILABLE', unavailable(command.type, deps.spine.store.getState().warmup.phase));
    try {
      return await within(deps.clock, deps.timeoutMs ?? 60_000, command.type, handler(command as never, ctx));
    } catch (err) {
      return refused('COMMAND.FAILED', `${command.type} failed: ${errorMessage(err)}`);
    }
  };

  return {
    handle(type, handler) {
      handlers.set(type, handler as unknown as CommandHandler<CommandType>);
    },
    async execute(command, origin) {
      const by = describeOrigin(origin);
      const result = await run(command, { origin, by });
      const log = result.status === 'accepted' ? deps.logger.info : deps.logger.warn;
      // The typed word is not a secret, but it is not worth a log field either.
      log('command.executed', { command: command.type, origin: by, status: result.status, ...(result.status === 'refused' ? { code: result.code, reason: result.reason } : { message: result.message }) });
      deps.spine.emit({ type: 'command.executed', at: deps.clock.now(), command, origin, result });
      return result;
    },
  };
}
