/** The exit-code table of `nexwave headless` (README "Exit codes"). */
import { describe, expect, it } from 'vitest';
import { exitReason, headlessExitCode, stopCause, StopRequest, type HeadlessOutcome } from '../../src/cli/exit-codes.js';

const ran: HeadlessOutcome = { failed: false, startedUp: true, cause: null, ticksReceived: 10, ticksStored: 10 };

describe('headlessExitCode', () => {
  it.each([
    ['a run that stored trades', ran, 0],
    ['stopped by SIGINT after start-up', { ...ran, cause: 'SIGINT' }, 0],
    ['a failure', { ...ran, failed: true }, 1],
    ['a fatal error elsewhere in the process', { ...ran, cause: 'fatal' }, 1],
    ['SIGINT during start-up', { ...ran, startedUp: false, cause: 'SIGINT', ticksReceived: 0 }, 130],
    ['SIGTERM during start-up', { ...ran, startedUp: false, cause: 'SIGTERM', ticksReceived: 0 }, 143],
    ['stdout closed during start-up', { ...ran, startedUp: false, cause: 'stdout closed' }, 141],
    ['--duration elapsed during start-up, nothing received', { ...ran, startedUp: false, ticksReceived: 0, ticksStored: 0 }, 4],
    ['no trade from the venue', { ...ran, ticksReceived: 0, ticksStored: 0 }, 4],
    ['trades received, none stored (database down)', { ...ran, ticksStored: 0 }, 3],
  ] as const)('%s -> %i', (_name, outcome, code) => {
    expect(headlessExitCode(outcome as HeadlessOutcome)).toBe(code);
  });

  it('explains 3, 4 and interrupted start-ups in one line', () => {
    expect(exitReason(3, 42)).toBe('no trade reached the database (42 journaled, stored when the database is back)');
    expect(exitReason(4, 0)).toMatch(/^no trade was received from the venue/);
    expect(exitReason(130, 0)).toBe('stopped before start-up finished');
    expect(exitReason(0, 0)).toBeNull();
  });

  it('reads the cause from the abort reason main.ts uses', () => {
    const c = new AbortController();
    expect(stopCause(c.signal)).toBeNull();
    c.abort(new StopRequest('SIGTERM'));
    expect(stopCause(c.signal)).toBe('SIGTERM');
    const other = new AbortController();
    other.abort();
    expect(stopCause(other.signal)).toBeNull();
  });
});
