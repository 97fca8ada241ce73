/**
 * Benchmark dispatcher: `node dist/bench/run.js <name> [flags]` (`npm run bench -- <name>`)
 * imports `bench/<name>.js` and runs its `main(argv)`, exiting with the code it returns.
 * Every benchmark module exports `main(argv: readonly string[]): Promise<number>`.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { main?: (argv: readonly string[]) => Promise<number> };

const here = dirname(fileURLToPath(import.meta.url));
const available = (): string[] =>
  readdirSync(here)
    .filter((f) => f.endsWith('.js') && f !== 'run.js')
    .map((f) => f.slice(0, -3))
    .sort();

async function dispatch(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = available();
  if (!name || !names.includes(name)) {
    process.stderr.write(`usage: npm run bench -- <${names.join('|')}> [--json] [--quick]${name ? ` (unknown benchmark "${name}")` : ''}\n`);
    return 2;
  }
  const mod = (await import(pathToFileURL(`${here}/${name}.js`).href)) as BenchModule;
  if (typeof mod.main !== 'function') throw new Error(`bench/${name}.js exports no main(argv)`);
  return mod.main(rest);
}

dispatch(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
