// Runs ansible-playbook / ansible-galaxy on this machine, line by line, stopping it when the build is cancelled.
import { runInGroup } from '../util/process-group.js';

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

export async function runLocal(r: LocalRun): Promise<LocalResult> {
  try {
    // Its own process group, so cancelling also stops the ssh processes ansible started; a process
    // ansible left behind (an ssh master) may hold the pipes open: read what is there, then stop waiting.
    return await runInGroup({
      command: r.command,
      args: r.args,
      env: r.env,
      cwd: r.cwd,
      signal: r.signal,
      killAfterMs: KILL_AFTER_MS,
      drainMs: DRAIN_MS,
      onLine: (line, stream) => r.onLine(line.trimEnd(), stream),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CommandNotFound(`"${r.command}" was not found on PATH`);
    if (code === 'EACCES') throw new CommandNotFound(`"${r.command}" is not executable`);
    throw err;
  }
}
