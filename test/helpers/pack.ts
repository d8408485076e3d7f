// Runs the real CLI (`node bin/pack ...`) as a child process and collects what it printed.
// Build first (`npm run build`): bin/pack loads dist/main.js.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACK_BIN = join(REPO_ROOT, 'bin', 'pack');

export interface PackResult {
  stdout: string;
  stderr: string;
  /** null when the process ended on a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PackOptions {
  cwd?: string;
  /** Merged over process.env (CI and NO_COLOR are not touched unless given). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed. Without it stdin is closed at once. */
  input?: string;
  /** Kills the process (SIGKILL) after this many ms; the test then sees signal SIGKILL. Default 120 s. */
  timeoutMs?: number;
  /** Called once the child started, e.g. to send it a signal later. */
  onSpawn?(child: ChildProcess): void;
  /** Called with each stdout chunk as it arrives. */
  onStdout?(chunk: string, soFar: string): void;
}

/** Runs `node bin/pack ...args` and resolves when it exits. */
export function runPack(args: string[], opts: PackOptions = {}): Promise<PackResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PACK_BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      stdout += c;
      opts.onStdout?.(c, stdout);
    });
    child.stderr.on('data', (c: string) => (stderr += c));
    child.stdin.on('error', () => {});
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
    opts.onSpawn?.(child);
  });
}

/** Strips ANSI colour codes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
