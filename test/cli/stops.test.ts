/**
 * How `nexwave headless` ends, as a user sees it from the shell: Ctrl-C during start-up,
 * a reader that closes its stdout (`| head`), and a venue that never answers. In every
 * case the summary's exitCode is the process's exit code (README "Exit codes").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built.js';
import { startCli, summaryOf } from '../helpers/cli-child.js';

const home = mkdtempSync(join(tmpdir(), 'nexwave-stops-'));
const env = { HOME: home, NEXWAVE_DATA_DIR: join(home, 'data') };

beforeAll(() => ensureBuilt());
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('nexwave headless stops', () => {
  it('SIGINT early in start-up ends start-up there: exit 130, summary says so', async () => {
    const child = startCli(['headless', '--sim', '--speed', '60'], env);
    await child.waitFor(/"event":"store\.opened"/);
    child.proc.kill('SIGINT');
    const code = await child.exit(30_000);
    expect(code).toBe(130);
    expect(summaryOf(child.stdout())).toMatchObject({ exitCode: 130, stoppedDuringStartup: true, ticksReceived: 0 });
    expect(child.stdout()).not.toContain('"event":"feed.starting"');
    expect(child.stdout()).not.toContain('"event":"engine.started"');
    expect(child.stderr()).toContain('nexwave: SIGINT received, stopping gracefully');
  });

  it('a closed stdout stops the run gracefully: no uncaught EPIPE, summary on stderr', async () => {
    const child = startCli(['headless', '--sim', '--speed', '60', '--duration', '60'], env);
    await child.waitFor(/\n/);
    child.proc.stdout.destroy();
    const code = await child.exit(30_000);
    expect(child.stderr()).not.toContain('uncaught_exception');
    expect(child.stderr()).not.toContain('EPIPE');
    expect(code).not.toBeNull();
    expect(summaryOf(child.stderr()).exitCode).toBe(code);
  });

  it('a venue that never answers: exit 4 after --duration, summary says why', async () => {
    const port = await closedPort();
    const child = startCli(['headless', '--duration', '3', '--ws-url', `ws://127.0.0.1:${port}/ws`, '--api-url', `http://127.0.0.1:${port}/api/v1`], env);
    const code = await child.exit(40_000);
    expect(code).toBe(4);
    expect(summaryOf(child.stdout())).toMatchObject({ exitCode: 4, ticksReceived: 0 });
    expect(child.stderr()).toContain('nexwave headless: exit 4: no trade was received from the venue');
  });
});
