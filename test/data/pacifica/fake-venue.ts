/**
 * A minimal scripted Pacifica venue on a real `WebSocketServer({ port: 0 })`: acks
 * subscriptions by echoing params (unless told to withhold them), answers JSON pings with
 * pongs, enforces 20 subscriptions per channel per connection, and pushes trades to the
 * connections subscribed to them. Tests drive faults through its methods.
 */
import { WebSocketServer, WebSocket } from 'ws';
import { topicKey } from '../../../src/data/pacifica/topics.js';

export interface VenueClient {
  readonly index: number;
  readonly socket: WebSocket;
  readonly subs: Map<string, Record<string, unknown>>;
  pings: number;
  closed: boolean;
}

export interface FakeVenueOptions {
  /** Return true to withhold the ack for this subscribe (nth = 1 for the first time the key is seen). */
  readonly withholdAck?: (key: string, nth: number) => boolean;
  readonly maxSubsPerChannel?: number;
  /** Called right after an ack is sent (e.g. to push while a rotation overlap is certain). */
  readonly afterAck?: (key: string) => void;
}

export class FakeVenue {
  readonly clients: VenueClient[] = [];
  readonly subscribeLog: string[] = [];
  /** Subscriptions refused for exceeding the per-channel limit. */
  readonly violations: string[] = [];
  /** Trade pushes that went to more than one connection at once (rotation overlap). */
  overlapPushes = 0;
  /** When true: no pongs, no acks, no pushes (a stalled venue). */
  silent = false;
  private readonly seen = new Map<string, number>();

  private constructor(private readonly wss: WebSocketServer, private readonly opts: FakeVenueOptions) {
    wss.on('connection', (socket) => this.accept(socket));
  }

  static async start(opts: FakeVenueOptions = {}): Promise<FakeVenue> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new FakeVenue(wss, opts);
  }

  get url(): string {
    const addr = this.wss.address();
    if (addr === null || typeof addr === 'string') throw new Error('server is not listening on TCP');
    return `ws://127.0.0.1:${addr.port}/ws`;
  }

  open(): VenueClient[] {
    return this.clients.filter((c) => !c.closed);
  }

  private accept(socket: WebSocket): void {
    const client: VenueClient = { index: this.clients.length, socket, subs: new Map(), pings: 0, closed: false };
    this.clients.push(client);
    socket.on('error', () => {});
    socket.on('close', () => {
      client.closed = true;
    });
    socket.on('message', (data) => this.onMessage(client, data.toString()));
  }

  private onMessage(client: VenueClient, text: string): void {
    const msg = JSON.parse(text) as { method: string; params?: Record<string, unknown> };
    if (this.silent) return;
    if (msg.method === 'ping') {
      client.pings += 1;
      client.socket.send(JSON.stringify({ channel: 'pong' }));
      return;
    }
    if (msg.method !== 'subscribe' || !msg.params) return;
    const key = topicKey(msg.params);
    this.subscribeLog.push(key);
    const nth = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, nth);
    const channel = String(msg.params.source);
    const onChannel = [...client.subs.values()].filter((p) => p.source === channel).length;
    if (onChannel >= (this.opts.maxSubsPerChannel ?? 20)) {
      this.violations.push(`${client.index}:${key}`);
      return;
    }
    if (this.opts.withholdAck?.(key, nth)) return;
    client.subs.set(key, msg.params);
    client.socket.send(JSON.stringify({ channel: 'subscribe', data: msg.params }));
    this.opts.afterAck?.(key);
  }

  /** Push one trade to every open connection subscribed to `trades` for `symbol`. */
  pushTrade(symbol: string, id: number, time = Date.now()): number {
    if (this.silent) return 0;
    const key = topicKey({ source: 'trades', symbol });
    const frame = JSON.stringify({
      channel: 'trades',
      data: [{ h: id, s: symbol, a: '0.5', p: '100.5', d: id % 2 ? 'open_long' : 'close_long', tc: 'normal', t: time, li: 1, it: 0 }],
    });
    const targets = this.open().filter((c) => c.subs.has(key) && c.socket.readyState === WebSocket.OPEN);
    for (const c of targets) c.socket.send(frame);
    if (targets.length > 1) this.overlapPushes += 1;
    return targets.length;
  }

  /** Send a raw frame to every open connection. */
  sendRaw(frame: string | Buffer, binary = false): void {
    for (const c of this.open()) c.socket.send(frame, { binary });
  }

  /** Cut every connection without a close handshake (a network drop). */
  dropAll(): void {
    for (const c of this.open()) c.socket.terminate();
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** A Logger that records events, for asserting on what was logged. */
export function recordingLogger(): { logger: import('../../../src/engine/ports/logger.js').Logger; events: Array<{ level: string; event: string; fields?: Record<string, unknown> }> } {
  const events: Array<{ level: string; event: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (event: string, fields?: Record<string, unknown>) => {
    events.push({ level, event, ...(fields ? { fields } : {}) });
  };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, events };
}
