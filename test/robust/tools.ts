// Shared by the robustness tests (issue #17): a scratch folder with its own TMPDIR, a run of
// the real CLI that sends a signal once a line appears, and the checks every case makes.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runPack, type PackResult } from '../helpers/pack.js';
import { workdir, type Workdir } from '../engine/tools.js';

export interface Scratch extends Workdir {
  /** The TMPDIR given to pack: must be empty after every run. */
  tmp: string;
}

export function scratch(): Scratch {
  const wd = workdir('pack-robust-');
  const tmp = join(wd.dir, '.tmp');
  mkdirSync(tmp);
  return { ...wd, tmp };
}

export interface SignalledRun extends PackResult {
  /** ms from the signal to the exit (undefined when no signal was sent). */
  afterSignalMs?: number;
}

/** Runs pack in the scratch folder; sends `signal` once stdout+stderr shows `when`. */
export function runSignalled(
  s: Scratch,
  args: string[],
  opts: { when?: string | RegExp; signal?: NodeJS.Signals; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<SignalledRun> {
  let sentAt: number | undefined;
  let child: import('node:child_process').ChildProcess | undefined;
  const check = (soFar: string) => {
    if (sentAt !== undefined || !opts.when || !opts.signal) return;
    if (typeof opts.when === 'string' ? soFar.includes(opts.when) : opts.when.test(soFar)) {
      sentAt = Date.now();
      child?.kill(opts.signal);
    }
  };
  return runPack(args, {
    cwd: s.dir,
    env: { TMPDIR: s.tmp, CI: 'true', ...opts.env },
    timeoutMs: opts.timeoutMs ?? 60_000,
    onSpawn: (c) => {
      child = c;
      c.stderr?.on('data', () => {});
    },
    onStdout: (_c, soFar) => check(soFar),
  }).then((r) => ({ ...r, afterSignalMs: sentAt === undefined ? undefined : Date.now() - sentAt }));
}

/** No stack trace, no "internal error": what a user can cause gets a message. */
export function expectNoCrash(r: PackResult): void {
  const all = r.stdout + r.stderr;
  expect(all).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n|FATAL ERROR/);
  expect(r.signal, all).toBeNull();
}

/** Nothing of pack's left in its TMPDIR. */
export function expectTmpEmpty(s: Scratch): void {
  expect(readdirSync(s.tmp)).toEqual([]);
}

/** A hang guard, not a timing assertion: the run ended well within the bound after its signal. */
export function expectEndedAfterSignal(r: SignalledRun, boundMs = 10_000): void {
  expect(r.afterSignalMs, 'the signal was never sent').toBeDefined();
  expect(r.afterSignalMs!).toBeLessThan(boundMs);
}
