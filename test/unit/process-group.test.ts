// The one way pack runs a local command in its own process group (src/util/process-group.ts):
// real /bin/sh scripts, real signals.
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { runInGroup, startInGroup, type OutputStream } from '../../src/util/process-group.js';

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

// A process killed as its pipes close may still be on its way out for a moment after `exited` settles.
const POLL = { timeout: 10_000, interval: 20 };

/** Running (a killed child whose parent is gone may stay a zombie until something reaps it). */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function sh(script: string, extra: Partial<Parameters<typeof runInGroup>[0]> = {}) {
  const lines: [OutputStream, string][] = [];
  const group = startInGroup({
    command: '/bin/sh',
    args: ['-c', script],
    onLine: (line, stream) => lines.push([stream, line]),
    ...extra,
  });
  return { group, lines };
}

/** Resolves with the first line the script prints to stdout. */
function firstLine(lines: [OutputStream, string][]): Promise<string> {
  return new Promise((resolve) => {
    const poll = () => (lines.length ? resolve(lines[0][1]) : setTimeout(poll, 10));
    poll();
  });
}

it('streams both outputs as lines, splitting on \\n only (a \\r redraw stays one line), and resolves with the exit code', async () => {
  const { group, lines } = sh("printf 'one\\r\\ntwo 10%%\\rtwo 100%%\\n'; echo err >&2; printf 'tail'; exit 7");
  expect(await group.exited).toEqual({ code: 7, signal: null });
  expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual(['one', 'two 10%\rtwo 100%', 'tail']);
  expect(lines.filter(([s]) => s === 'stderr').map(([, l]) => l)).toEqual(['err']);
});

it('an abort sends the chosen stop signal to the group', async () => {
  const abort = new AbortController();
  const { group, lines } = sh("trap 'echo stopped by INT; kill $!; exit 3' INT; sleep 300 & echo $!; wait", {
    signal: abort.signal,
    stopSignal: 'SIGINT',
  });
  const child = Number(await firstLine(lines));
  leftovers.push(child);
  expect(alive(child)).toBe(true);
  abort.abort();
  expect(await group.exited).toEqual({ code: 3, signal: null });
  expect(lines.map(([, l]) => l)).toContain('stopped by INT');
  // A non-interactive sh starts background jobs ignoring INT (the trap ends this one): the SIGTERM
  // case below checks that the children get the signal.
});

it('a group that ignores the stop signal is killed once killAfterMs has passed, and says so first', async () => {
  const abort = new AbortController();
  let told = 0;
  const { group, lines } = sh("trap '' TERM; sleep 300 & echo $!; wait", {
    signal: abort.signal,
    killAfterMs: 200,
    onKillTimeout: () => told++,
  });
  const child = Number(await firstLine(lines));
  leftovers.push(child);
  abort.abort();
  expect(await group.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(told).toBe(1);
  await expect.poll(() => alive(child), POLL).toBe(false);
});

it('a SIGTERM stop ends the children too', async () => {
  const abort = new AbortController();
  const { group, lines } = sh('sleep 300 & echo $!; wait', { signal: abort.signal });
  const child = Number(await firstLine(lines));
  leftovers.push(child);
  abort.abort();
  expect(await group.exited).toEqual({ code: null, signal: 'SIGTERM' });
  await expect.poll(() => alive(child), POLL).toBe(false);
});

it('kill() signals the whole group; an already aborted signal stops the command at once', async () => {
  const abort = new AbortController();
  abort.abort();
  const { group } = sh('sleep 300');
  group.kill('SIGTERM');
  expect(await group.exited).toEqual({ code: null, signal: 'SIGTERM' });
  expect(await runInGroup({ command: '/bin/sh', args: ['-c', 'sleep 300'], signal: abort.signal, onLine: () => {} })).toEqual({
    code: null,
    signal: 'SIGTERM',
  });
});

it('after an abort, what is left of the group (holding the pipes) is killed stragglersAfterMs after the command exited', async () => {
  const abort = new AbortController();
  const { group, lines } = sh("trap 'exit 0' TERM; (trap '' TERM; sleep 300) & echo $!; wait", {
    signal: abort.signal,
    stragglersAfterMs: 100,
  });
  const straggler = Number(await firstLine(lines));
  leftovers.push(straggler);
  abort.abort();
  expect(await group.exited).toEqual({ code: 0, signal: null });
  await expect.poll(() => alive(straggler), POLL).toBe(false);
});

it('drainMs lets the pipes go after the command exited, when a process it left behind holds them open', async () => {
  const { group, lines } = sh('sleep 300 & echo $!; echo done', { drainMs: 100 });
  const left = Number(await firstLine(lines));
  leftovers.push(left);
  expect(await group.exited).toEqual({ code: 0, signal: null });
  expect(lines.map(([, l]) => l)).toEqual([String(left), 'done']);
  // Let go, not killed: no abort happened.
  expect(alive(left)).toBe(true);
});

it('a command that cannot start rejects with the system error', async () => {
  await expect(runInGroup({ command: '/nonexistent/tool', args: [], onLine: () => {} })).rejects.toMatchObject({ code: 'ENOENT' });
});
