/**
 * The `events` subscription of one control connection: every EngineEvent as an `event`
 * frame while the client reads. A client that stops reading is not queued without bound:
 * past the high-water mark events are not sent but counted, and the next frame sent says
 * how many were dropped (nothing is dropped silently).
 */
import type { Socket } from 'node:net';
import type { ServerFrame } from '../../engine/core/spine/control-protocol.js';
import type { EventSource } from '../../engine/core/spine/state-source.js';

export interface EventStream {
  /** Subscribe (idempotent) or unsubscribe. */
  set(on: boolean): void;
  stop(): void;
}

export function createEventStream(socket: Socket, events: EventSource, highWaterBytes: number, send: (f: ServerFrame) => void): EventStream {
  let off: (() => void) | null = null;
  let dropped = 0;
  const stop = (): void => {
    off?.();
    off = null;
  };
  return {
    set(on) {
      if (!on) return stop();
      off ??= events.onEvent((event) => {
        if (socket.writableLength > highWaterBytes) {
          dropped += 1;
          return;
        }
        send(dropped > 0 ? { t: 'event', event, dropped } : { t: 'event', event });
        dropped = 0;
      });
    },
    stop,
  };
}
