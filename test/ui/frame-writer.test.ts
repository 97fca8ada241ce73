import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createFrameWriter, frameDiff, frameOf } from '../../src/ui/frame-writer.js';

class FakeTty extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  out: string[] = [];
  write(s: string): boolean {
    this.out.push(s);
    return true;
  }
}

describe('frame writer', () => {
  it('frameOf takes Ink frames (after its eraseLines) and leaves other writes alone', () => {
    expect(frameOf('a\nb\n')).toEqual(['a', 'b']);
    expect(frameOf('\x1b[2K\x1b[1A\x1b[2K\x1b[Ga\nb\n')).toEqual(['a', 'b']);
    expect(frameOf('\x07')).toBeNull();
    expect(frameOf('\x1b[?25l')).toBeNull();
  });

  it('frameDiff rewrites only the rows that changed, at absolute positions, and clears rows that went away', () => {
    expect(frameDiff(['a', 'b', 'c'], ['a', 'B', 'c'])).toBe('\x1b[2;1HB\x1b[K');
    expect(frameDiff(['a', 'b'], ['a'])).toBe('\x1b[2;1H\x1b[K');
    expect(frameDiff(['a'], ['a'])).toBe('');
  });

  it('sends the first frame whole, then only changes; passes the bell through; counts bytes; redraws after a resize', () => {
    const tty = new FakeTty();
    const w = createFrameWriter(tty as unknown as NodeJS.WriteStream);
    w.stream.write('one\ntwo\n');
    w.stream.write('\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[Gone\nTWO\n');
    w.stream.write('\x07');
    expect(tty.out).toEqual(['\x1b[1;1Hone\x1b[K\x1b[2;1Htwo\x1b[K', '\x1b[2;1HTWO\x1b[K', '\x07']);
    expect(w.bytes()).toBe(tty.out.join('').length);
    expect(w.stream.columns).toBe(80);
    tty.emit('resize');
    w.stream.write('one\nTWO\n');
    expect(tty.out.slice(-2)).toEqual(['\x1b[2J', '\x1b[1;1Hone\x1b[K\x1b[2;1HTWO\x1b[K']);
  });

  it('after anything else wrote to the terminal (stdout or stderr directly), the next frame is drawn whole after a clear', () => {
    const tty = new FakeTty();
    const err = new FakeTty();
    const w = createFrameWriter(tty as unknown as NodeJS.WriteStream, [err as unknown as NodeJS.WriteStream]);
    w.stream.write('one\ntwo\n');
    w.stream.write('one\ntwo\n');
    expect(tty.out).toHaveLength(1);
    tty.write('(node:1) Warning: something\n');
    w.stream.write('one\ntwo\n');
    expect(tty.out.slice(-2)).toEqual(['\x1b[2J', '\x1b[1;1Hone\x1b[K\x1b[2;1Htwo\x1b[K']);
    err.write('a library wrote to stderr\n');
    w.stream.write('one\nTWO\n');
    expect(tty.out.slice(-2)).toEqual(['\x1b[2J', '\x1b[1;1Hone\x1b[K\x1b[2;1HTWO\x1b[K']);
    w.stream.write('one\nTWO\n');
    expect(tty.out).toHaveLength(6);
    w.dispose();
    expect(Object.hasOwn(tty, 'write')).toBe(false);
    expect(Object.hasOwn(err, 'write')).toBe(false);
  });
});
