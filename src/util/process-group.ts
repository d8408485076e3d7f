// Runs a command on this machine in its own process group: its output streams as lines
// (util/lines.ts: split on "\n" only, so a line redrawn with "\r" stays one line), an abort
// becomes a signal to the whole group (the command's children too), with a bounded wait
// before SIGKILL. Packer, ansible-playbook and shell-local scripts all run through here.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { LineSplitter } from './lines.js';

export type OutputStream = 'stdout' | 'stderr';

export interface GroupOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onLine(line: string, stream: OutputStream): void;
  /** Aborting it sends `stopSignal` to the group. */
  signal?: AbortSignal;
  /** What an abort sends to the group (SIGTERM unless said). */
  stopSignal?: NodeJS.Signals;
  /** After an abort, how long the command has to exit before the group gets SIGKILL (unbounded unless said). */
  killAfterMs?: number;
  /** Called when `killAfterMs` passed and the group is about to be killed. */
  onKillTimeout?(): void;
  /**
   * After the command exited following an abort, how long what is left of the group (a child
   * forked as the signal came, holding the pipes open) may live before it is killed.
   */
  stragglersAfterMs?: number;
  /** After the command exited, how long output may still arrive before the pipes are let go (unbounded unless said). */
  drainMs?: number;
  /** Kill the group if this process exits first. */
  killOnExit?: boolean;
}

export interface GroupExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GroupProcess {
  /** undefined when the command could not be started (`exited` rejects). */
  pid: number | undefined;
  /** Sends a signal to the whole group (nothing if it is gone). */
  kill(sig: NodeJS.Signals): void;
  /** Settles once the command exited and its output was read (or let go); rejects when it could not start. */
  exited: Promise<GroupExit>;
}

export function startInGroup(o: GroupOptions): GroupProcess {
  const child = spawn(o.command, o.args, { env: o.env, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let finished = false;
  const kill = (sig: NodeJS.Signals) => {
    // Once all is read, the group id may already name someone else's processes.
    if (child.pid === undefined || finished) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* the group is gone */
    }
  };
  const exited = new Promise<GroupExit>((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
    let leaderExited = false;
    const onAbort = () => {
      kill(o.stopSignal ?? 'SIGTERM');
      if (o.killAfterMs !== undefined) {
        later(o.killAfterMs, () => {
          if (leaderExited) return;
          o.onKillTimeout?.();
          kill('SIGKILL');
        });
      }
    };
    const onPackExit = () => kill('SIGKILL');
    const done = () => {
      finished = true;
      for (const t of timers) clearTimeout(t);
      o.signal?.removeEventListener('abort', onAbort);
      process.off('exit', onPackExit);
    };
    if (o.killOnExit) process.on('exit', onPackExit);
    const closed = [read(child.stdout, 'stdout', o), read(child.stderr, 'stderr', o)];
    child.once('error', (err) => {
      done();
      reject(err);
    });
    if (child.pid === undefined) return;
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('exit', (code, signal) => {
      leaderExited = true;
      if (o.signal?.aborted && o.stragglersAfterMs !== undefined) later(o.stragglersAfterMs, () => kill('SIGKILL'));
      const drained = new Promise<void>((letGo) => {
        if (o.drainMs === undefined) return;
        later(o.drainMs, () => {
          child.stdout.destroy();
          child.stderr.destroy();
          letGo();
        });
      });
      void Promise.race([Promise.all(closed), drained]).then(() => {
        done();
        resolve({ code, signal });
      });
    });
  });
  return { pid: child.pid, kill, exited };
}

/** startInGroup, when only the exit matters. */
export function runInGroup(o: GroupOptions): Promise<GroupExit> {
  return startInGroup(o).exited;
}

function read(input: Readable, stream: OutputStream, o: GroupOptions): Promise<void> {
  return new Promise((done) => {
    const splitter = new LineSplitter((line) => o.onLine(line, stream));
    input.on('data', (chunk: Buffer) => splitter.push(chunk));
    input.once('close', () => {
      splitter.end();
      done();
    });
  });
}
