import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/ui/render-console.js';
import { fakeSink, fakeSource, liveState } from './fixtures.js';

class FakeTty extends EventEmitter {
  readonly isTTY = true;
  columns = 80;
  rows = 24;
  out = '';
  write(s: string): boolean {
    this.out += s;
    return true;
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}

describe('renderConsole (the entry nexwave and nexwave attach share)', () => {
  it('enters the alternate screen, paints, and gives the screen back on unmount', async () => {
    const tty = new FakeTty();
    const handle = renderConsole({ source: fakeSource(liveState), sink: fakeSink(), stdout: tty as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, attached: { pid: 31337, startedAt: liveState.run.startedAt }, readOnly: true });
    expect(tty.out.startsWith('\x1b[?1049h')).toBe(true);
    expect(tty.out).toContain('attached to pid 31337');
    expect(tty.out).toContain('READ-ONLY');
    handle.unmount();
    await handle.waitUntilExit();
    expect(tty.out.endsWith('\x1b[?1049l')).toBe(true);
  });

  it('console.* while mounted goes to the log, not over the screen; it is put back on unmount', async () => {
    const tty = new FakeTty();
    const logged: [string, string][] = [];
    const before = console.error;
    const handle = renderConsole({ source: fakeSource(liveState), sink: fakeSink(), stdout: tty as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, log: (level, text) => logged.push([level, text]) });
    console.error('library failed: %s', 'boom');
    console.warn('deprecated', 42);
    console.log('hello');
    expect(logged).toEqual([['error', 'library failed: boom'], ['warn', 'deprecated 42'], ['info', 'hello']]);
    expect(tty.out).not.toContain('boom');
    handle.unmount();
    await handle.waitUntilExit();
    expect(console.error).toBe(before);
  });

  it('without a log (attach), console output is held and written after the screen is given back', async () => {
    const tty = new FakeTty();
    const err = new FakeTty();
    const handle = renderConsole({ source: fakeSource(liveState), sink: fakeSink(), stdout: tty as unknown as NodeJS.WriteStream, stdin: new FakeStdin() as unknown as NodeJS.ReadStream, stderr: err as unknown as NodeJS.WritableStream });
    console.warn('careful');
    expect(tty.out).not.toContain('careful');
    expect(err.out).toBe('');
    handle.unmount();
    await handle.waitUntilExit();
    expect(err.out).toBe('warn: careful\n');
  });
});
