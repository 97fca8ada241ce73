/**
 * End to end: `nexwave flatten` with no engine running asks for the typed word on a real
 * terminal (a tmux pane). Ctrl-C at the prompt cancels (exit 130, nothing done); a wrong
 * word is refused (exit 2); FLATTEN flattens the (empty) paper account (exit 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAIN, ensureBuilt } from '../helpers/built.js';
import { tmuxOn, tmuxVersion } from '../helpers/tmux.js';

const tmuxHere = tmuxVersion() !== null;
if (!tmuxHere) process.stdout.write('[flatten prompt e2e] SKIPPED: tmux is not installed (the prompt needs a terminal)\n');

const socket = `nx-flatten-${process.pid}`;
const tmux = tmuxOn(socket);
const screen = (): string => tmux('capture-pane', '-p', '-J', '-t', 'fl');
const home = mkdtempSync(join(tmpdir(), 'nx-flatten-prompt-'));

function start(name: string): void {
  const cmd = `env -u CI ${process.execPath} ${MAIN} flatten --data-dir ${join(home, name)}; echo "EXIT=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', 'fl', '-x', '100', '-y', '20', cmd);
}

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!tmuxHere)('nexwave flatten at a terminal, no engine running', () => {
  const prompted = async (): Promise<void> => vi.waitFor(() => expect(screen()).toContain('Type FLATTEN to flatten everything:'), { timeout: 20_000, interval: 50 });
  const exitCode = async (): Promise<string> => {
    await vi.waitFor(() => expect(screen()).toMatch(/EXIT=\d+/), { timeout: 30_000, interval: 50 });
    return /EXIT=(\d+)/.exec(screen())?.[1] ?? '';
  };
  const end = (): void => void tmux('kill-session', '-t', 'fl');

  it('Ctrl-C at the prompt cancels: nothing done, exit 130', async () => {
    start('a');
    await prompted();
    tmux('send-keys', '-t', 'fl', 'C-c');
    expect(await exitCode()).toBe('130');
    expect(screen()).toContain('cancelled at the prompt: nothing was done');
    end();
  }, 60_000);

  it('a wrong word is refused (exit 2); FLATTEN flattens the paper account (exit 0)', async () => {
    start('b');
    await prompted();
    tmux('send-keys', '-t', 'fl', '-l', 'flatten');
    tmux('send-keys', '-t', 'fl', 'Enter');
    expect(await exitCode()).toBe('2');
    end();
    start('c');
    await prompted();
    tmux('send-keys', '-t', 'fl', '-l', 'FLATTEN');
    tmux('send-keys', '-t', 'fl', 'Enter');
    expect(await exitCode()).toBe('0');
    expect(screen()).toMatch(/FLAT/);
    end();
  }, 90_000);
});
