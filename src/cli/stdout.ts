// A closed stdout (`pack build ... | head`, a terminal that went away) is reported once to
// whoever listens, instead of crashing with EPIPE. `pack build` listens and cancels the run so
// its cleanups run; a command with nothing running simply ends.
import { closeSync } from 'node:fs';
import { isatty } from 'node:tty';

let closed = false;
const listeners = new Set<() => void>();

export function stdoutClosed(): boolean {
  return closed;
}

/** Calls fn once when stdout closes; returns the unsubscribe. */
export function onStdoutClosed(fn: () => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

export function guardStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (closed) return;
    if (!['EPIPE', 'EIO', 'EBADF', 'ERR_STREAM_DESTROYED'].includes(err.code ?? '')) throw err;
    closed = true;
    if (listeners.size === 0) {
      process.exit(process.exitCode ?? 0);
      return;
    }
    for (const fn of [...listeners]) fn();
  });
}

/** Writes to stdout unless it closed (writes after that are dropped, not errors). */
export function writeStdout(text: string): void {
  if (!closed) process.stdout.write(text);
}

/**
 * After a hangup the terminal is gone, and Node's exit would abort restoring its settings
 * (tcsetattr fails with EIO: "Assertion failed" and a core dump). Node skips that restore
 * for a standard descriptor that is closed, so close the ones that were terminals.
 */
export function releaseDeadTerminal(): void {
  for (const fd of [0, 1, 2]) {
    if (!startedOnTty[fd]) continue;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

const startedOnTty = [0, 1, 2].map((fd) => isatty(fd));
