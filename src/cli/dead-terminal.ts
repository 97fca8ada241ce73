/**
 * At exit Node puts the terminal back the way it found it (tcsetattr on descriptors 0-2, in
 * node::ResetStdio), and aborts with an assertion (SIGABRT, a core dump, exit 134) when that
 * terminal has hung up and answers EIO. A process that outlives its terminal (the console
 * detached by SIGHUP, `nexwave attach` whose terminal closed) therefore closes those
 * descriptors on its way out: Node skips a descriptor that is no longer open, and the exit
 * code stays the one the program chose.
 */
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

export interface TerminalWatch {
  /** The terminal is gone: forget its descriptors at exit (idempotent). */
  gone(): void;
}

/** Note now, while the terminal is there, which of stdin, stdout and stderr are on it. */
export function watchTerminal(): TerminalWatch {
  const fds = [0, 1, 2].filter((fd) => isatty(fd));
  let armed = false;
  const forget = (): void => {
    for (const fd of fds) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  };
  return {
    gone() {
      if (armed || fds.length === 0) return;
      armed = true;
      // Last of the exit listeners registered so far: the screen restores before it still run.
      process.once('exit', forget);
    },
  };
}
