/**
 * Minimal HTTP plumbing for the simulated venue: a route table, the venue's envelope
 * {success, data, error, code} (pacifica-api.md §2.1), JSON bodies, and the REST faults
 * (429 with Retry-After, 500, added latency) applied to /api/v1 only, never to /control.
 * Every answer carries the simulator's identity header (identity.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultState } from './faults.js';
import { SIMULATOR_HEADER, SIMULATOR_ID } from './identity.js';

/** A parsed request. */
export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** A response before serialization. */
export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Route handler. */
export type Handler = (req: RestRequest) => RestResponse | Promise<RestResponse>;

/** Successful envelope; `extra` adds top-level fields such as last_order_id. */
export const ok = (data: unknown, extra: Record<string, unknown> = {}): RestResponse => ({
  status: 200,
  body: { success: true, data, error: null, code: null, ...extra },
});

/** Failed envelope with the venue's business `code` where it has one. */
export const fail = (status: number, error: string, code: number | null = null): RestResponse => ({
  status,
  body: { success: false, data: null, error, code },
});

const MAX_BODY = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function write(res: ServerResponse, r: RestResponse): void {
  if (res.writableEnded) return;
  // Every answer says it is the simulator (faults included), so a runtime can tell it from a venue on loopback.
  res.writeHead(r.status, { 'content-type': 'application/json', [SIMULATOR_HEADER]: SIMULATOR_ID, ...r.headers });
  res.end(JSON.stringify(r.body));
}

/** Dispatch one request: `prefix` routes get faults applied, `control` routes never do. */
export function createRequestHandler(api: ReadonlyMap<string, Handler>, control: ReadonlyMap<string, Handler>, faults: FaultState, realNow: () => number) {
  const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    const isApi = url.pathname.startsWith('/api/v1/');
    const table = isApi ? api : control;
    const path = isApi ? url.pathname.slice('/api/v1'.length) : url.pathname;
    const handler = table.get(`${method} ${path}`);
    try {
      if (isApi) {
        if (faults.latencyMs > 0) await delay(faults.latencyMs);
        const fault = faults.takeRest(realNow());
        if (fault?.status === 429) return write(res, { ...fail(429, 'Too many requests'), headers: { 'retry-after': String(fault.retryAfterSec) } });
        if (fault) return write(res, fail(500, 'Internal server error'));
      }
      if (!handler) return write(res, fail(404, `no route ${method} ${url.pathname}`));
      let body: unknown;
      try {
        body = method === 'POST' ? await readBody(req) : undefined;
      } catch {
        return write(res, fail(400, 'Invalid JSON body'));
      }
      const answer = await handler({ method, path, query: url.searchParams, body });
      if (isApi && faults.replyDelayMs > 0) await delay(faults.replyDelayMs);
      write(res, answer);
    } catch {
      write(res, fail(500, 'Internal server error'));
    }
  };
}
