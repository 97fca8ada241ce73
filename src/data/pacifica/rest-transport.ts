/**
 * One HTTP exchange with the venue: build the URL, send (with `PF-API-KEY` when set),
 * decode the envelope, and turn every failure into a NexwaveError. No retries here.
 */
import { NexwaveError } from '../../engine/core/errors.js';
import type { Clock } from '../../engine/ports/clock.js';
import { parseEnvelope } from './parse-rest-envelope.js';
import { businessError, httpError, parseRetryAfter, type RequestContext } from './rest-errors.js';
import { sampleOf } from './schema-primitives.js';
import { errorMessage } from '../../engine/core/error-message.js';

export type Query = Readonly<Record<string, string | number>>;

export interface RestTransportOptions {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly apiKey?: string;
  readonly fetchImpl?: typeof fetch;
  readonly timeoutMs?: number;
}

export interface RestTransport {
  send(method: 'GET' | 'POST', path: string, query: Query, body: Readonly<Record<string, unknown>> | undefined): Promise<unknown>;
}

export function createRestTransport(o: RestTransportOptions): RestTransport {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetchImpl ?? fetch;

  const exchange = async (ctx: RequestContext, url: string, init: RequestInit): Promise<{ res: Response; text: string }> => {
    try {
      const res = await doFetch(url, { ...init, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
      return { res, text: await res.text() };
    } catch (err) {
      // Only the error's message: the request (and its headers) stays out of the error.
      const why = errorMessage(err);
      throw new NexwaveError('EXCHANGE.NETWORK', `${ctx.method} ${ctx.path}: ${why}`);
    }
  };

  return {
    async send(method, path, query, body) {
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const ctx: RequestContext = { method, path: qs ? `${path}?${qs}` : path, signed: method === 'POST' };
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (o.apiKey) headers['PF-API-KEY'] = o.apiKey;
      const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
      const { res, text } = await exchange(ctx, `${base}${ctx.path}`, init);
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      const env = parseEnvelope(json);
      if (!res.ok) {
        const venue = env && !env.ok ? env : null;
        throw httpError(ctx, res.status, venue, parseRetryAfter(res.headers.get('retry-after'), o.clock.now()));
      }
      if (!env) throw new NexwaveError('FEED.MALFORMED', `${method} ${ctx.path}: not a venue envelope: ${sampleOf(text, 80)}`);
      if (!env.ok) throw businessError(ctx, env.code, env.error);
      return env.data;
    },
  };
}
