/** Performance targets of the issues, checked against measured figures and printed PASS/FAIL. */

/** One target and its verdict. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  /** null when the run could not measure it (e.g. PostgreSQL not configured). */
  readonly pass: boolean | null;
}

/** A verdict; `pass` null prints SKIP. */
export const target = (name: string, measured: string, pass: boolean | null): TargetResult => ({ target: name, measured, pass });

/** "PASS  >= 20k ticks/s ...  (measured 23,000)" lines. */
export function formatTargets(results: readonly TargetResult[]): string {
  const width = Math.max(0, ...results.map((r) => r.target.length));
  return results.map((r) => `${r.pass === null ? 'SKIP' : r.pass ? 'PASS' : 'FAIL'}  ${r.target.padEnd(width)}  ${r.measured}`).join('\n');
}

/** A benchmark's exit code: 1 when any target it prints as FAIL failed (SKIP does not count). */
export const exitCodeFor = (results: readonly TargetResult[]): number => (results.some((r) => r.pass === false) ? 1 : 0);
