/**
 * Imported for its effect, before anything loads Ink. Ink decides once, when it loads, whether
 * it runs "in CI" (the `CI` or `CONTINUOUS_INTEGRATION` variable is set; see the is-in-ci
 * package), and in that mode it paints nothing until unmount and then only the last frame: a
 * full-screen console would stay blank. The console only renders to a terminal (render-console
 * checks `isTTY`), so a `CI` variable inherited from a shell or a job runner says nothing about
 * it; the process stops telling Ink about it. Ink 6 offers no render option for this.
 */
import { env } from 'node:process';

for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) {
  if (name in env) env[name] = 'false';
}
