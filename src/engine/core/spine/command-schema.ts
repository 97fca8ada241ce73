/**
 * Zod schema for a Command arriving from outside the process (control socket, CLI).
 * Unknown types and extra fields are rejected: a frame either is a command or changes nothing.
 */
import { z } from 'zod';
import type { Command } from './command.js';

const word = z.string().max(32);

export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('entries.pause') }),
  z.strictObject({ type: z.literal('entries.resume') }),
  z.strictObject({ type: z.literal('positions.flatten'), confirm: word }),
  z.strictObject({ type: z.literal('mode.set'), mode: z.enum(['paper', 'live']), confirm: word.optional() }),
  z.strictObject({ type: z.literal('halt.leave'), confirm: word }),
]);

export type ParsedCommand = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: string };

export function parseCommand(input: unknown): ParsedCommand {
  const r = commandSchema.safeParse(input);
  if (r.success) return { ok: true, command: r.data as Command };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `not a command: ${where}${issue?.message ?? 'invalid'}` };
}
