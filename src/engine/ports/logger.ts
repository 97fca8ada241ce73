/**
 * Structured logger. `event` is a stable dotted name (`feed.reconnected`); fields are
 * plain JSON values. Implementations must redact secrets (see app/redact.ts).
 */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Write what an aggregating logger still holds back (counts of repeated events); optional. */
  flush?(): void;
  /**
   * Flush, then write nothing more: the run's last line (headless: the summary) is out, and
   * a late event from something still winding down must not follow it; optional.
   */
  close?(): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
