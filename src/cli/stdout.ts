// A closed stdout (`pack build ... | head`, a terminal that went away) is reported once to
// whoever listens, instead of crashing with EPIPE. `pack build` listens and cancels the run so
// its cleanups run; a command with nothing running simply ends.
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
    if (err.code !== 'EPIPE' && err.code !== 'EIO' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
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
