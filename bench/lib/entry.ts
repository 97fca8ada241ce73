/**
 * Lets a benchmark run on its own (`node dist/bench/<name>.js`) as well as through
 * bench/run.ts: when `moduleUrl` is the script node was started with, run `main` with the
 * command-line arguments and exit with its code (1 and a message when it throws).
 */
import { pathToFileURL } from 'node:url';

export function runIfScript(moduleUrl: string, name: string, main: (argv: readonly string[]) => Promise<number>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const text = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${text.startsWith('bench ') ? text : `bench ${name}: ${text}`}\n`);
      process.exit(1);
    },
  );
}
