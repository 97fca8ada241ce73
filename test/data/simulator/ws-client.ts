/** A tiny recording WebSocket client for simulator tests. */
import { vi } from 'vitest';
import WebSocket from 'ws';

export interface Recorder {
  readonly ws: WebSocket;
  readonly frames: unknown[];
  readonly raw: string[];
  closed: boolean;
  send(msg: unknown): void;
  /** Wait until some frame matches; returns it. */
  waitFor(pred: (m: any) => boolean, timeout?: number): Promise<any>;
  close(): void;
}

export async function connect(url: string): Promise<Recorder> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const rec: Recorder = {
    ws, frames: [], raw: [], closed: false,
    send: (msg) => ws.send(JSON.stringify(msg)),
    async waitFor(pred, timeout = 5_000) {
      let found: unknown;
      await vi.waitFor(() => {
        found = rec.frames.find(pred);
        if (found === undefined) throw new Error('no matching frame yet');
      }, { timeout, interval: 10 });
      return found;
    },
    close: () => ws.terminate(),
  };
  ws.on('message', (data) => {
    const text = String(data);
    rec.raw.push(text);
    try {
      rec.frames.push(JSON.parse(text));
    } catch {
      rec.frames.push({ unparsable: text });
    }
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    rec.closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return rec;
}

export const getJson = async (url: string): Promise<{ status: number; body: any; headers: Headers }> => {
  const res = await fetch(url);
  return { status: res.status, body: await res.json(), headers: res.headers };
};

export const postJson = async (url: string, body: unknown): Promise<{ status: number; body: any }> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
