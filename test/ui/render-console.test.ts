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
});
