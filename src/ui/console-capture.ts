/**
 * While the console is on screen, console.* output (ours or any library's) goes to the log
 * (the file and the log panel) instead of the terminal, where it would write over the frame.
 */
import { format } from 'node:util';

export type CapturedLevel = 'debug' | 'info' | 'warn' | 'error';
/** Where captured console output goes: one call per console.* call. */
export type ConsoleLog = (level: CapturedLevel, text: string) => void;

const METHODS: Readonly<Record<string, CapturedLevel>> = { log: 'info', info: 'info', debug: 'debug', trace: 'debug', warn: 'warn', error: 'error' };

/** Replace the console's output methods with `log`; the returned function puts them back. */
export function captureConsole(log: ConsoleLog, target: Console = console): () => void {
  const record = target as unknown as Record<string, unknown>;
  const saved = Object.keys(METHODS).map((name) => [name, record[name]] as const);
  for (const [name, level] of Object.entries(METHODS)) record[name] = (...args: unknown[]): void => log(level, format(...args));
  return () => {
    for (const [name, fn] of saved) record[name] = fn;
  };
}

/**
 * A bounded in-memory log for a console with no log file (`nexwave attach`): printed after
 * the console gives the screen back, so nothing is lost and nothing lands on the frame.
 */
export function createHeldLog(limit = 200): { readonly log: ConsoleLog; flush(write: (text: string) => void): void } {
  const held: string[] = [];
  let dropped = 0;
  return {
    log(level, text) {
      held.push(`${level}: ${text}`);
      if (held.length > limit) {
        held.shift();
        dropped++;
      }
    },
    flush(write) {
      if (dropped > 0) write(`(${dropped} earlier console line(s) not kept)\n`);
      for (const l of held.splice(0)) write(`${l}\n`);
      dropped = 0;
    },
  };
}
