/** tmux for the end-to-end tests: a real terminal for the console and the CLI's prompts. */
import { execFileSync } from 'node:child_process';

/** `tmux -V`, or null where tmux is not installed (the e2e tests then skip, saying why). */
export function tmuxVersion(): string | null {
  try {
    return execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Run tmux against a server of the test's own (`-L socket`), so no other tmux session is touched. */
export const tmuxOn = (socket: string) => (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
