#!/usr/bin/env node
// Entry point for the `nexwave` bin (`npm start`, `./bin/nexwave.js`): runs the compiled CLI.
// `npm ci` builds it once (the `prepare` script); in a checkout whose sources changed since that
// build, it rebuilds first (a few seconds, said on stderr), so an edit is never run stale.
import { existsSync } from 'node:fs';

const checkout = new URL('../scripts/build.mjs', import.meta.url);
if (existsSync(checkout)) {
  const { build, buildIsStale } = await import(checkout.href);
  if (buildIsStale()) {
    process.stderr.write('nexwave: sources changed since the last build; building (a few seconds)...\n');
    try {
      build();
    } catch {
      process.stderr.write('nexwave: the build failed (see above); fix it or run `npm run build`\n');
      process.exit(1);
    }
  }
}
await import('../dist/src/cli/main.js');
