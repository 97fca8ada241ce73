/**
 * The data dir's engine lock as the commands use it (src/data/files/engine-lock.ts): an
 * engine serving its control socket, the runtime it opens, and `nexwave flatten` without an
 * engine all claim the same lock, and all refuse with the same words.
 */
import { claimEngine } from '../data/files/engine-lock.js';
import { NexwaveError } from '../engine/core/errors.js';
import type { CommandContext } from './context.js';
import { suggesterOf } from './invocation.js';

/** Claim the data dir for this process (re-entrant); ENGINE.RUNNING names the live holder and how to attach. */
export function lockEngine(ctx: Pick<CommandContext, 'dataDir' | 'suggest'>, doing: string): () => void {
  const { dataDir } = ctx;
  return claimEngine(dataDir, (holder) =>
    holder
      ? new NexwaveError('ENGINE.RUNNING', `${doing}: an engine is already running on data dir ${dataDir} (pid ${holder.pid}): attach to it with \`${suggesterOf(ctx).command('attach')}\` (its kill switch is there), or stop it first`)
      : new NexwaveError('ENGINE.RUNNING', `${doing}: another engine is starting on data dir ${dataDir} right now`));
}
