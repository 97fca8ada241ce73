#!/usr/bin/env node
// Entry point for the `nexwave` bin: runs the compiled CLI (built by `npm run build`).
import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('nexwave: not built yet; run `npm run build` (npm start does it for you)\n');
    process.exit(1);
  }
  throw err;
});
