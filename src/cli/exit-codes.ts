/**
 * Process exit codes (README "Exit codes") and why a run was stopped from outside. A
 * stop before start-up finished exits like the signal that caused it (128 + its number),
 * so scripts can tell "interrupted" from "ran and found nothing".
 */

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  /** headless ran, trades arrived, but none reached the database (all journaled or lost). */
  storedNothing: 3,
  /** headless ran but never received a trade from the venue (unreachable, or nothing traded). */
  noTrades: 4,
} as const;

/** Why main.ts asked the command to stop: the first signal, stdout closed by its reader, or a fatal error. */
export type StopCause = 'SIGINT' | 'SIGTERM' | 'stdout closed' | 'fatal';

/** The AbortSignal reason main.ts aborts with. */
export class StopRequest extends Error {
  readonly why: StopCause;
  constructor(why: StopCause) {
    super(why);
    this.name = 'StopRequest';
    this.why = why;
  }
}

/** 128 + the signal's number; a closed stdout counts as SIGPIPE (13). */
const INTERRUPTED: Readonly<Record<Exclude<StopCause, 'fatal'>, number>> = { SIGINT: 130, SIGTERM: 143, 'stdout closed': 141 };

/** The cause behind an aborted signal, or null (not aborted, or aborted for another reason). */
export function stopCause(signal: AbortSignal): StopCause | null {
  return signal.aborted && signal.reason instanceof StopRequest ? signal.reason.why : null;
}

/** The exit code of a command stopped by `signal` before it finished (128 + the signal's number). */
export function interruptedExitCode(signal: AbortSignal): number {
  const cause = stopCause(signal);
  return cause === null || cause === 'fatal' ? EXIT.failed : INTERRUPTED[cause];
}

export interface HeadlessOutcome {
  /** A failure was logged (start-up error, failed stop). */
  readonly failed: boolean;
  /** engine.start() finished before any stop was requested. */
  readonly startedUp: boolean;
  readonly cause: StopCause | null;
  readonly ticksReceived: number;
  readonly ticksStored: number;
}

/** The exit code of `nexwave headless`, also printed as the summary's `exitCode`. */
export function headlessExitCode(o: HeadlessOutcome): number {
  if (o.failed || o.cause === 'fatal') return EXIT.failed;
  if (!o.startedUp && o.cause !== null) return INTERRUPTED[o.cause];
  if (o.ticksReceived === 0) return EXIT.noTrades;
  if (o.ticksStored === 0) return EXIT.storedNothing;
  return EXIT.ok;
}

/** One line for stderr explaining a non-zero exit of a run that did not fail outright. */
export function exitReason(code: number, journaled: number): string | null {
  if (code === EXIT.noTrades) return 'no trade was received from the venue (is --ws-url / --api-url reachable?)';
  if (code === EXIT.storedNothing) return `no trade reached the database (${journaled} journaled, stored when the database is back)`;
  if (code > 128) return 'stopped before start-up finished';
  return null;
}
