/**
 * A scripted venue REST server on a real `node:http` server (port 0). Each test installs a
 * route function; every request is recorded (path, query, headers, receive time).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body: unknown;
}

export type Route = (req: RecordedRequest, nth: number) => Reply;

export const ok = (data: unknown): Reply => ({ body: { success: true, data, error: null, code: null } });

export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  route: Route = () => ({ status: 404, body: { success: false, data: null, error: 'no route', code: null } });

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeRest> {
    const server = createServer();
    const fake = new FakeRest(server);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, at: Date.now() };
        fake.requests.push(rec);
        const reply = fake.route(rec, fake.requests.length);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return fake;
  }

  get baseUrl(): string {
    const addr = this.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('server is not listening on TCP');
    return `http://127.0.0.1:${addr.port}/api/v1`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
