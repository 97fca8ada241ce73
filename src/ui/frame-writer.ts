/**
 * Rewrites only the rows that changed. Ink (standard renderer) erases its previous frame
 * and writes the whole new one; Ink 6.8's incrementalRendering places every frame after a
 * frame that ends in a newline one row too low, which garbles a full-screen layout. The
 * console owns the whole alternate screen, so this stream wrapper keeps the last frame and
 * sends each changed row with absolute cursor positioning (SSH-friendly: a clock tick is
 * one row, not a screen). Everything that is not a frame (bell, cursor, synchronized
 * update markers) passes through. Anything else written to the terminal while it runs
 * (a library writing to process.stdout or process.stderr directly) has moved the cursor
 * and overwritten rows the writer believes are on screen: the next frame is then written
 * whole, after a clear.
 */

/** Ink's eraseLines(n): "ESC[2K" (+ "ESC[1A") per line, then "ESC[G". */
const ERASE_PREFIX = /^(?:\x1b\[2K(?:\x1b\[1A)?)+\x1b\[G/;

/** The escape sequence that turns screen `prev` into `next` (rows are 1-based on the terminal). */
export function frameDiff(prev: readonly string[], next: readonly string[]): string {
  let out = '';
  const rows = Math.max(prev.length, next.length);
  for (let i = 0; i < rows; i++) {
    const line = next[i];
    if (line === prev[i]) continue;
    out += `\x1b[${i + 1};1H${line ?? ''}\x1b[K`;
  }
  return out;
}

/** The frame in one of Ink's writes, or null when the write is not a frame. */
export function frameOf(data: string): string[] | null {
  const body = data.replace(ERASE_PREFIX, '');
  if (!body.includes('\n')) return null;
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface FrameWriter {
  /** Give this to Ink as its stdout. */
  readonly stream: NodeJS.WriteStream;
  /** Bytes sent to the terminal so far. */
  bytes(): number;
  /** Forget the screen (after a resize or a clear): the next frame is written whole. */
  reset(): void;
  /** Stop watching the terminal's streams for other writers. */
  dispose(): void;
}

type Write = NodeJS.WriteStream['write'];

/**
 * Watch `streams` for writes that are not ours (`own()` false): `onForeign` is told. The
 * returned function puts their own write back.
 */
function watchWrites(streams: readonly NodeJS.WriteStream[], own: () => boolean, onForeign: () => void): () => void {
  const restores = streams.map((s) => {
    const original = s.write;
    const hadOwn = Object.hasOwn(s, 'write');
    const hooked = function (this: unknown, ...args: Parameters<Write>): boolean {
      if (!own()) onForeign();
      return (original as (...a: unknown[]) => boolean).apply(s, args);
    } as Write;
    s.write = hooked;
    return () => {
      if (s.write !== hooked) return;
      if (hadOwn) s.write = original;
      else delete (s as { write?: Write }).write;
    };
  });
  return () => {
    for (const r of restores) r();
  };
}

/** `others`: streams that share the terminal (stderr), whose writes also force a full redraw. */
export function createFrameWriter(target: NodeJS.WriteStream, others: readonly NodeJS.WriteStream[] = []): FrameWriter {
  let screen: readonly string[] = [];
  let sent = 0;
  let sending = false;
  let dirty = false;
  const unwatch = watchWrites([target, ...others.filter((o) => o !== target)], () => sending, () => (dirty = true));
  const send = (s: string): boolean => {
    sent += Buffer.byteLength(s);
    sending = true;
    try {
      return target.write(s);
    } finally {
      sending = false;
    }
  };
  const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const frame = frameOf(data);
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    if (frame === null) {
      const ok = send(data);
      callback?.();
      return ok;
    }
    if (dirty) {
      dirty = false;
      screen = [];
      send('\x1b[2J');
    }
    const diff = frameDiff(screen, frame);
    screen = frame;
    const ok = diff === '' ? true : send(diff);
    callback?.();
    return ok;
  };
  const reset = (): void => {
    screen = [];
    send('\x1b[2J');
  };
  target.on('resize', reset);
  const stream = new Proxy(target, {
    get(t, prop, receiver) {
      if (prop === 'write') return write;
      const v: unknown = Reflect.get(t, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  const dispose = (): void => {
    unwatch();
    target.off('resize', reset);
  };
  return { stream, bytes: () => sent, reset, dispose };
}
