/**
 * The simulated venue's WebSocket endpoint (/ws). Venue rules (pacifica-api.md §1.1-§1.3):
 * subscribe acks echo the params, a bad symbol gets no ack and no error, {"method":"ping"}
 * gets {"channel":"pong"}, a client silent for idleCutMs is cut, every connection is closed
 * after maxConnectionLifeMs, and a 21st subscription on one channel is refused (no ack).
 * Account channels (§1.4) are served by account-channels.ts through `onSubscribed` and the index.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { FaultState } from './faults.js';
import type { ResolvedOptions } from './options.js';
import { JUNK_FRAMES, parseTopic, type Topic } from './topics.js';

/** One client connection. */
export interface Conn {
  readonly ws: WebSocket;
  readonly openedAt: number;
  lastReceived: number;
  /** channel -> topic key -> params as sent (echoed in acks). */
  readonly subs: Map<string, Map<string, Topic>>;
}

/** Connection registry and sender, used by the broadcaster and the fault controls. */
export interface WsHub {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Subscribers of a topic key. */
  subscribers(key: string): ReadonlySet<Conn> | undefined;
  /** Topic keys that currently have subscribers. */
  activeTopics(): IterableIterator<[string, Set<Conn>]>;
  send(conn: Conn, text: string | Buffer): void;
  dropAll(): number;
  sendMalformed(count: number): number;
  /** Send these text frames, as they are, to every connection; returns the connection count. */
  inject(frames: readonly string[]): number;
  connectionCount(): number;
  close(): void;
}

/** Create the hub; `realNow` is real monotonic ms; `onSubscribed` runs after each subscribe ack (snapshots). */
export function createWsHub(opts: ResolvedOptions, symbols: ReadonlySet<string>, faults: FaultState, realNow: () => number, onSubscribed?: (conn: Conn, topic: Topic) => void): WsHub {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
  const conns = new Set<Conn>();
  const index = new Map<string, Set<Conn>>();
  const pending = new Set<NodeJS.Timeout>();

  const rawSend = (conn: Conn, text: string | Buffer): void => {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(text);
  };
  const send = (conn: Conn, text: string | Buffer): void => {
    if (faults.stalled(realNow())) return;
    if (faults.latencyMs <= 0) return rawSend(conn, text);
    const timer = setTimeout(() => {
      pending.delete(timer);
      rawSend(conn, text);
    }, faults.latencyMs);
    pending.add(timer);
  };

  const unindex = (conn: Conn, key: string): void => {
    const set = index.get(key);
    set?.delete(conn);
    if (set?.size === 0) index.delete(key);
  };

  const onSubscribe = (conn: Conn, method: 'subscribe' | 'unsubscribe', params: unknown): void => {
    const topic = parseTopic(params, symbols);
    if (!topic) return;
    const channel = conn.subs.get(topic.channel) ?? new Map<string, Topic>();
    conn.subs.set(topic.channel, channel);
    if (method === 'unsubscribe') {
      if (!channel.delete(topic.key)) return;
      unindex(conn, topic.key);
    } else if (!channel.has(topic.key)) {
      if (channel.size >= opts.maxSubsPerChannel) return;
      channel.set(topic.key, topic);
      const set = index.get(topic.key) ?? new Set<Conn>();
      set.add(conn);
      index.set(topic.key, set);
    }
    send(conn, JSON.stringify({ channel: method, data: params }));
    if (method === 'subscribe') onSubscribed?.(conn, topic);
  };

  const onMessage = (conn: Conn, raw: unknown): void => {
    conn.lastReceived = realNow();
    let msg: unknown;
    try {
      msg = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (msg === null || typeof msg !== 'object') return;
    const { method, params } = msg as { method?: unknown; params?: unknown };
    if (method === 'ping') send(conn, '{"channel":"pong"}');
    else if (method === 'subscribe' || method === 'unsubscribe') onSubscribe(conn, method, params);
  };

  const onConnection = (ws: WebSocket): void => {
    const now = realNow();
    const conn: Conn = { ws, openedAt: now, lastReceived: now, subs: new Map() };
    conns.add(conn);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => onMessage(conn, data));
    ws.on('close', () => {
      conns.delete(conn);
      for (const channel of conn.subs.values()) for (const key of channel.keys()) unindex(conn, key);
    });
  };
  wss.on('connection', onConnection);

  // The venue's idle and lifetime cuts, checked often enough for short test timings.
  const checkEvery = Math.max(10, Math.min(1_000, opts.idleCutMs / 4, opts.maxConnectionLifeMs / 4));
  const sweeper = setInterval(() => {
    const now = realNow();
    for (const c of conns) {
      if (now - c.lastReceived >= opts.idleCutMs) c.ws.close(1000, 'idle timeout');
      else if (now - c.openedAt >= opts.maxConnectionLifeMs) c.ws.close(1000, 'connection lifetime exceeded');
    }
  }, checkEvery);

  return {
    handleUpgrade: (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
    subscribers: (key) => index.get(key),
    activeTopics: () => index.entries(),
    send,
    dropAll() {
      const n = conns.size;
      for (const c of conns) c.ws.terminate();
      return n;
    },
    sendMalformed(count) {
      for (let i = 0; i < count; i++) for (const c of conns) rawSend(c, JUNK_FRAMES[i % JUNK_FRAMES.length] ?? 'junk');
      return conns.size;
    },
    inject(frames) {
      for (const f of frames) for (const c of conns) rawSend(c, f);
      return conns.size;
    },
    connectionCount: () => conns.size,
    close() {
      clearInterval(sweeper);
      for (const t of pending) clearTimeout(t);
      pending.clear();
      for (const c of conns) c.ws.terminate();
      wss.close();
    },
  };
}
