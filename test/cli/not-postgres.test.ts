/**
 * A --database-url that points at something that is not PostgreSQL: an HTTP server (it
 * answers and closes; postgres.js then reconnected in a loop forever) and a TCP peer that
 * accepts and never replies. Both are real loopback servers on port 0; `migrate` and
 * `headless` run as the built CLI. Every wait has a deadline and says what it waits for.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built.js';
import { startCli, summaryOf } from '../helpers/cli-child.js';

const home = mkdtempSync(join(tmpdir(), 'nexwave-notpg-'));
const sockets = new Set<Socket>();
let http: HttpServer;
let silent: Server;

const listen = (server: Server | HttpServer): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
const url = (port: number): string => `postgres://nx:hunter2@127.0.0.1:${port}/nexwave`;
let httpPort = 0;
let silentPort = 0;

beforeAll(async () => {
  ensureBuilt();
  http = createHttpServer((_req, res) => res.end('not a database'));
  silent = createTcpServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  httpPort = await listen(http);
  silentPort = await listen(silent);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  http.closeAllConnections();
  await Promise.all([new Promise((r) => http.close(r)), new Promise((r) => silent.close(r))]);
  rmSync(home, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({ HOME: home, NEXWAVE_DATA_DIR: join(home, 'data') });

describe('a --database-url that is not PostgreSQL', () => {
  it.each([
    ['an HTTP server', () => httpPort],
    ['a TCP peer that never replies', () => silentPort],
  ])('migrate against %s says what it waited for and exits 1', async (_name, port) => {
    const child = startCli(['migrate', '--database-url', url(port())], env());
    expect(await child.exit(30_000)).toBe(1);
    expect(child.stderr()).toContain(`waiting for the database at 127.0.0.1:${port()}: no PostgreSQL handshake after 5 s`);
    expect(child.stdout() + child.stderr()).not.toContain('hunter2');
  });

  it('migrate against a silent peer stops on the first SIGINT (exit 130)', async () => {
    const child = startCli(['migrate', '--database-url', url(silentPort)], env());
    await child.waitFor(/^database: /m);
    child.proc.kill('SIGINT');
    expect(await child.exit(20_000)).toBe(130);
    expect(child.stderr()).toContain('nexwave migrate: stopped before the migrations finished');
  });

  it('headless against an HTTP server keeps collecting to the journal, honours --duration, exits 3', async () => {
    const child = startCli(['headless', '--sim', '--speed', '60', '--duration', '12', '--database-url', url(httpPort), '--log-level', 'warn'], env());
    const code = await child.exit(45_000);
    const summary = summaryOf(child.stdout());
    expect(code).toBe(3);
    expect(summary.exitCode).toBe(code);
    expect(summary.ticksReceived).toBeGreaterThan(0);
    expect(summary.ticksStored).toBe(0);
    expect(summary.journaled).toBeGreaterThan(0);
    expect(child.stdout()).toMatch(/"event":"store\.unavailable_at_start".*no PostgreSQL handshake after 5 s/);
    expect(child.stderr()).toContain('nexwave headless: exit 3: no trade reached the database');
  });

  it('headless against a silent peer stops on the first SIGTERM during start-up', async () => {
    const child = startCli(['headless', '--sim', '--speed', '60', '--database-url', url(silentPort)], env());
    // Opened only after a handshake (none comes): what it says meanwhile, about a second in.
    await child.waitFor(/"event":"store\.waiting".*waiting for the database at 127\.0\.0\.1:\d+…/);
    expect(child.stdout()).not.toContain('"event":"store.opened"');
    child.proc.kill('SIGTERM');
    const code = await child.exit(20_000);
    expect(code).toBe(143);
    expect(summaryOf(child.stdout())).toMatchObject({ exitCode: 143, stoppedDuringStartup: true });
    expect(child.stdout()).not.toContain('"event":"engine.started"');
  });

  it('SIGINT during the handshake: the summary is the last line (no late store.unavailable)', async () => {
    const child = startCli(['headless', '--sim', '--speed', '60', '--database-url', url(silentPort)], env());
    await child.waitFor(/"event":"store\.waiting"/);
    child.proc.kill('SIGINT');
    expect(await child.exit(20_000)).toBe(130);
    expect(summaryOf(child.stdout())).toMatchObject({ exitCode: 130, stoppedDuringStartup: true });
    // The probe of the silent peer ran out its 5 s deadline after the summary (about 3 s more).
    expect(child.summaryToExitMs()!).toBeLessThan(1_500);
  });

  it('headless against a silent peer with --duration: the summary is the last line and the process exits at once after it', async () => {
    const child = startCli(['headless', '--sim', '--speed', '60', '--duration', '8', '--database-url', url(silentPort)], env());
    const code = await child.exit(45_000);
    expect(summaryOf(child.stdout()).exitCode).toBe(code);
    // It lingered about 3 s here while a probe of the silent peer ran out its deadline.
    expect(child.summaryToExitMs()).not.toBeNull();
    expect(child.summaryToExitMs()!).toBeLessThan(1_500);
  });
});
