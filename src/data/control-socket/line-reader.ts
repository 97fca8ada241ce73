/**
 * Splits a byte stream into lines of at most `maxBytes`. A longer line is reported once as
 * oversized and skipped up to its newline, without ever being buffered whole, so a peer
 * cannot grow our memory by never sending a newline.
 */
export interface LineReader {
  push(chunk: Buffer): void;
}

export function createLineReader(maxBytes: number, onLine: (line: string) => void, onOversized: (bytes: number) => void): LineReader {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  let skipped = 0;
  return {
    push(chunk) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        const end = nl === -1 ? chunk.length : nl;
        const piece = chunk.subarray(start, end);
        if (skipping) skipped += piece.length;
        else if (size + piece.length > maxBytes) {
          skipping = true;
          skipped = size + piece.length;
          parts = [];
          size = 0;
        } else if (piece.length > 0) {
          parts.push(piece);
          size += piece.length;
        }
        if (nl === -1) return;
        if (skipping) onOversized(skipped);
        else onLine(Buffer.concat(parts, size).toString('utf8'));
        skipping = false;
        skipped = 0;
        parts = [];
        size = 0;
        start = nl + 1;
      }
    },
  };
}
