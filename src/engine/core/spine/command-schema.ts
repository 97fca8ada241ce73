/**
 * Zod schema for a Command arriving from outside the process (control socket, CLI).
 * Unknown types and extra fields are rejected: a frame either is a command or changes nothing.
 */
import { z } from 'zod';
import type { TypeEqual } from '../type-equal.js';
import type { ClaimedOrigin, Command } from './command.js';

const word = z.string().max(32);

/** Printable ASCII only: these strings end up in the engine's log. */
const label = (max: number) => z.string().max(max).regex(/^[\x20-\x7e]*$/, 'printable ASCII only');

/** The origin a client claims for a command (a console key, a CLI command), logged next to its checked pid/uid. */
export const claimedOriginSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('console'), key: label(16).optional() }),
  z.strictObject({ kind: z.literal('cli'), command: label(100) }),
]);

export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('entries.pause') }),
  z.strictObject({ type: z.literal('entries.resume') }),
  z.strictObject({ type: z.literal('positions.flatten'), confirm: word }),
  z.strictObject({ type: z.literal('mode.set'), mode: z.enum(['paper', 'live']), confirm: word.optional() }),
  z.strictObject({ type: z.literal('halt.leave'), confirm: word }),
]);

/** What the schema accepts, with the declared type's readonly fields. */
type SchemaCommand = Readonly<z.infer<typeof commandSchema>>;
// Fails typecheck when the schema and the Command union drift apart (a type or field on one side only).
const commandInSync: TypeEqual<SchemaCommand, Command> = true;
const originInSync: TypeEqual<Readonly<z.infer<typeof claimedOriginSchema>>, ClaimedOrigin> = true;
void commandInSync;
void originInSync;

/** The parsed value, typed as the declared union (the check above makes the two one type). */
const asCommand = (c: SchemaCommand): Command => c;

export type ParsedCommand = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: string };

export function parseCommand(input: unknown): ParsedCommand {
  const r = commandSchema.safeParse(input);
  if (r.success) return { ok: true, command: asCommand(r.data) };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `not a command: ${where}${issue?.message ?? 'invalid'}` };
}
