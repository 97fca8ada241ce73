/**
 * Which venue a runtime trades on. A loopback venue is the simulator only when it says so
 * (every answer of the project's simulator carries its identity header) or with --sim;
 * any other server on loopback (a tunnel or proxy to the venue) is Pacifica, with the
 * venue's rules, credit budget and database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createRuntimeControl, resolveVenue } from '../../src/cli/runtime-control.js';
import { startSimulator, type Simulator } from '../../src/data/simulator/index.js';
import { recordingLogger } from '../data/control-socket/harness.js';
import { testContext } from '../helpers/ctx.js';

let sim: Simulator;
let plain: Server;
let plainPort = 0;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 2, pairs: ['BTC'] });
  // A Pacifica-shaped server on loopback that is not ours: the same envelope, REST and a WebSocket.
  plain = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ success: true, data: req.url?.endsWith('/info') ? [{ symbol: 'BTC', tick_size: '1', lot_size: '0.00001' }] : [], error: null, code: null }));
  });
  const wss = new WebSocketServer({ server: plain, path: '/ws' });
  wss.on('connection', (s) => s.on('error', () => {}));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  plainPort = (plain.address() as AddressInfo).port;
});
afterAll(async () => {
  await sim.stop();
  plain.closeAllConnections();
  await new Promise((r) => plain.close(r));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const contextFor = (wsUrl: string, apiUrl: string, args = {}) => {
  const logger = recordingLogger();
  const t = testContext({ env: { PACIFICA_WS_URL: wsUrl, PACIFICA_API_URL: apiUrl }, args, logger });
  dirs.push(t.dataDir);
  return { ...t, logger };
};

describe('the runtime venue', () => {
  it('a plain loopback HTTP/WS server that is not the simulator is Pacifica, and the log says why', async () => {
    const { ctx, logger } = contextFor(`ws://127.0.0.1:${plainPort}/ws`, `http://127.0.0.1:${plainPort}/api/v1`);
    const venue = await resolveVenue(ctx);
    expect(venue).toBe('pacifica');
    expect(logger.lines.find((l) => l.event === 'venue.loopback_not_simulator')).toMatchObject({ level: 'warn' });
    const control = createRuntimeControl(ctx, venue);
    expect(control.source.getState().run.venue).toBe('pacifica');
    control.close();
  });

  it('a separately started simulator is recognised by its identity header', async () => {
    const { ctx, logger } = contextFor(sim.wsUrl, sim.apiUrl);
    expect(await resolveVenue(ctx)).toBe('simulator');
    expect(logger.lines.some((l) => l.event === 'venue.loopback_not_simulator')).toBe(false);
    const res = await fetch(`${sim.apiUrl}/info`);
    expect(res.headers.get('x-nexwave-simulator')).toBe('pacifica-compatible');
  });

  it('a loopback port nobody listens on is not silently a simulator; --sim always is', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await resolveVenue(contextFor(`ws://127.0.0.1:${port}/ws`, `http://127.0.0.1:${port}/api/v1`).ctx)).toBe('pacifica');
    expect(await resolveVenue(contextFor(`ws://127.0.0.1:${port}/ws`, `http://127.0.0.1:${port}/api/v1`, { sim: true }).ctx)).toBe('simulator');
  });
});
