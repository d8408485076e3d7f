// Runs ansible-playbook / ansible-galaxy on this machine, line by line, stopping it when the build is cancelled.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface LocalRun {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  signal?: AbortSignal;
}

export interface LocalResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long a cancelled process has to end after SIGTERM before SIGKILL. */
const KILL_AFTER_MS = 5_000;

/** How long output may still arrive after the process exited. */
const DRAIN_MS = 2_000;

export class CommandNotFound extends Error {}

export function runLocal(r: LocalRun): Promise<LocalResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so cancelling also stops the ssh processes ansible started.
    const child = spawn(r.command, r.args, { env: r.env, cwd: r.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        child.kill(sig);
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (child.pid === undefined) return;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_AFTER_MS);
      killTimer.unref();
    };
    if (r.signal?.aborted) onAbort();
    else r.signal?.addEventListener('abort', onAbort, { once: true });
    const streams = [
      ['stdout', child.stdout!],
      ['stderr', child.stderr!],
    ] as const;
    const closed = streams.map(
      ([name, s]) =>
        new Promise<void>((done) => {
          const rl = createInterface({ input: s, crlfDelay: Infinity });
          rl.on('line', (line) => r.onLine(line.trimEnd(), name));
          rl.on('close', done);
        }),
    );
    child.once('error', (err: NodeJS.ErrnoException) => {
      r.signal?.removeEventListener('abort', onAbort);
      if (err.code === 'ENOENT') reject(new CommandNotFound(`"${r.command}" was not found on PATH`));
      else if (err.code === 'EACCES') reject(new CommandNotFound(`"${r.command}" is not executable`));
      else reject(err);
    });
    child.once('exit', (code, signal) => {
      r.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      // A process ansible left behind (an ssh master) may hold the pipes open: read what is there, then stop waiting.
      let drained: NodeJS.Timeout | undefined;
      const late = new Promise<void>((done) => {
        drained = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          done();
        }, DRAIN_MS);
      });
      void Promise.race([Promise.all(closed), late]).then(() => {
        clearTimeout(drained);
        resolve({ code, signal });
      });
    });
  });
}
