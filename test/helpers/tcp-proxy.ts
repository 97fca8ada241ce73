import { createServer, connect, type Server, type Socket } from 'node:net';
import { createTempDatabase, TEST_DATABASE_URL } from './pg.js';

/**
 * A real TCP proxy to the machine's PostgreSQL that a test can cut and restore:
 * `down()` closes every connection and refuses new ones, `up()` listens again on the
 * same port. Lets a test take the database away from a running process.
 */
export async function startTcpProxy(target: { host: string; port: number }, startUp = true) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  /** Accept connections but never answer (a blackholed server: connects and queries hang). */
  let silent = false;
  /** Connections stay open but nothing is forwarded (a half-open network); bytes are held for `thaw`. */
  let frozen = false;
  const held: Array<() => void> = [];
  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (b: Buffer) => {
      if (frozen) held.push(() => to.write(b));
      else to.write(b);
    });
    from.on('end', () => to.end());
  };
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer((client) => {
        if (silent) {
          sockets.add(client);
          client.on('close', () => sockets.delete(client));
          client.on('error', () => client.destroy());
          return;
        }
        const upstream = connect(target.port, target.host);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => sock.destroy());
        }
        forward(client, upstream);
        forward(upstream, client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const down = async (): Promise<void> => {
    for (const sock of sockets) sock.destroy();
    const s = server;
    server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  if (startUp) await listen();
  else {
    // Reserve a free port now so the URL is known before the proxy ever accepts.
    await listen();
    await down();
  }
  /** Cut every connection; new ones are accepted and then left hanging. */
  const blackhole = (): void => {
    silent = true;
    for (const sock of sockets) sock.destroy();
  };
  /** Stop forwarding without closing anything: every call in flight and every new one hangs. */
  const freeze = (): void => {
    frozen = true;
  };
  /** Forward again, the held bytes first. */
  const thaw = (): void => {
    frozen = false;
    for (const send of held.splice(0)) send();
  };
  return { port: () => port, up: listen, down, blackhole, freeze, thaw };
}

/**
 * A fresh database on the test server, reached through a proxy the test can cut: `url`
 * goes through the proxy; `drop` removes the database (and its _sim twin).
 */
export async function tempDatabaseBehindProxy(prefix: string, startUp = true) {
  const db = await createTempDatabase(prefix);
  const target = new URL(TEST_DATABASE_URL!);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, startUp);
  const url = new URL(db.url);
  url.host = `127.0.0.1:${proxy.port()}`;
  return { db, proxy, url: url.toString() };
}
