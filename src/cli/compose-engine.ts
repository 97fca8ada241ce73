/**
 * Placeholder for the engine commands; the lead replaces this file with the real wiring
 * (collector, writer, strategy) and keeps these three signatures.
 */
import { NexwaveError } from '../engine/core/errors.js';
import type { CommandContext } from './context.js';

function notWired(command: string): never {
  throw new NexwaveError('CLI.USAGE', `${command} is not wired yet`);
}

/** `nexwave headless`: the engine without a TUI, JSON-lines logs on stdout. */
export async function runHeadless(_ctx: CommandContext): Promise<number> {
  return notWired('headless');
}

/** `nexwave sim`: the Pacifica-compatible simulator on loopback. */
export async function runSim(_ctx: CommandContext): Promise<number> {
  return notWired('sim');
}

/** `nexwave backtest`: the strategy over stored candles with the paper fill model. */
export async function runBacktest(_ctx: CommandContext): Promise<number> {
  return notWired('backtest');
}
