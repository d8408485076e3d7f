// The dashboard tells every state truly: a failed build's whole error, a step's detail,
// every step state, post-processors, \r progress, timestamps, uploads of every build,
// rendered labels, the overview, the merged log, the keys, the log file pager.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEYS, logLines, runStep, settle, setup, startBuild, STEPS, until } from './harness.js';
import type { PlannedStep } from '../../src/core/events.js';

afterEach(() => cleanup());

const LONG_ERROR =
  "ENOTDIR: not a directory, mkdir '/etc/passwd/this/path/cannot/be/created/because/passwd/is/a/file/and/the/error/is/long/enough/to/wrap/twice/in/a/hundred/columns/end-of-error'";

/** The frame's rows joined without their line breaks, to read wrapped text whole. */
const unwrapped = (f: string) => f.split('\n').map((l) => l.trimEnd()).join('');

describe('a failed build', () => {
  it('ends its pane with the whole error, wrapped, when it failed in its builder stage while others run', async () => {
    const { bus, frame } = setup(['alpha', 'beta']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!);
    logLines(bus, 'alpha', 5, 'alpha says');
    const builderSteps: PlannedStep[] = [{ id: 'write', title: 'Write the file', kind: 'builder' }, ...STEPS.slice(1)];
    startBuild(bus, 'beta', builderSteps);
    runStep(bus, 'beta', builderSteps[0]!, 'failed', LONG_ERROR);
    bus.emit({ type: 'build-end', build: 'beta', status: 'failed', durationMs: 40, error: LONG_ERROR, artifacts: [] });
    // The failed build takes the pane by itself (nobody chose one yet).
    await until(() => expect(frame()).toContain('log: beta'));
    const f = frame();
    expect(unwrapped(f)).toContain(`Build 'beta' errored: ${LONG_ERROR}`);
    // The error's last row is the pane's last written row.
    expect(f).toMatch(/or'\n(\s*\n)*Tab\/1-9/);
    // Alpha still runs, its row says so.
    expect(f).toMatch(/⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/);
    expect(f).toMatch(/✖ Write the file/);
    expect(f).toMatch(/↓ connect: none \(not run\) +skipped/);
  });

  it('Enter on a step opens its detail: the whole error, all its lines, duration and retries; Esc closes it', async () => {
    const { bus, frame, press } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    runStep(bus, 'alpha', STEPS[1]!, 'done');
    runStep(bus, 'alpha', STEPS[2]!, 'done');
    runStep(bus, 'alpha', STEPS[3]!);
    logLines(bus, 'alpha', 3, 'attempt one', STEPS[3]!.id);
    bus.emit({ type: 'step-end', build: 'alpha', step: STEPS[3]!.id, status: 'failed', durationMs: 900, error: 'first' });
    runStep(bus, 'alpha', STEPS[3]!);
    logLines(bus, 'alpha', 3, 'attempt two', STEPS[3]!.id);
    bus.emit({ type: 'step-end', build: 'alpha', step: STEPS[3]!.id, status: 'failed', durationMs: 2100, error: LONG_ERROR });
    logLines(bus, 'alpha', 4, 'unrelated');
    await settle();
    await until(() => expect(frame()).toMatch(/✖ shell-local: exit 7: ENOTDIR.* retried ×1 failed 2\.1s/));
    await press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.enter);
    await until(() => expect(frame()).toContain('step shell-local: exit 7'));
    const f = frame();
    expect(f).toContain('state: failed · took 2.1s · retried ×1');
    expect(unwrapped(f)).toContain(`error: ${LONG_ERROR}`);
    for (const l of ['attempt one 0', 'attempt one 2', 'attempt two 0', 'attempt two 2']) expect(f).toContain(l);
    expect(f).not.toContain('unrelated');
    // Esc closes the detail (the step's lines stay filtered), Esc again shows every line.
    await press(KEYS.escape, KEYS.escape);
    await until(() => expect(frame()).toContain('unrelated 3'));
  });
});

describe('step rows', () => {
  it('show cached, skipped with why, done and failed post-processors', async () => {
    const { bus, frame } = setup(['alpha']);
    const steps: PlannedStep[] = [
      { id: 'prepare', title: 'prepare', kind: 'prepare' },
      { id: 'provision:0', title: 'slow install', kind: 'provision' },
      { id: 'provision:1', title: 'optional', kind: 'provision' },
      { id: 'post-process:0.0', title: 'compress', kind: 'post-process' },
      { id: 'post-process:1.0', title: 'shell-local: upload', kind: 'post-process' },
    ];
    startBuild(bus, 'alpha', steps);
    runStep(bus, 'alpha', steps[0]!, 'done');
    bus.emit({ type: 'step-start', build: 'alpha', step: 'provision:0', title: 'slow install', kind: 'provision' });
    // The build cache's status (added to the core's StepStatus by the cache work).
    bus.emit({ type: 'step-end', build: 'alpha', step: 'provision:0', status: 'cached' as 'done', durationMs: 3 });
    runStep(bus, 'alpha', steps[2]!, 'skipped', 'only: other-build');
    runStep(bus, 'alpha', steps[3]!, 'done');
    runStep(bus, 'alpha', steps[4]!, 'failed', 'Script exited with non-zero exit status: 3');
    bus.emit({ type: 'build-end', build: 'alpha', status: 'failed', durationMs: 10, error: 'Post-processor failed: Script exited with non-zero exit status: 3', artifacts: [] });
    await settle();
    await until(() => expect(frame()).toMatch(/↺ slow install +cached/));
    const f = frame();
    expect(f).toMatch(/↓ optional \(only: other-build\) +skipped/);
    expect(f).toMatch(/✔ compress +1\.2s/);
    expect(f).toMatch(/✖ shell-local: upload: Script exited with non-zero exit status: 3 +failed 1\.2s/);
  });

  it('render Go-template names in titles', async () => {
    const { bus, frame } = setup(['alpha']);
    startBuild(bus, 'alpha', [{ id: 'provision:0', title: 'install on {{.BuildName}} ({{ .BuilderType }})', kind: 'provision' }]);
    await until(() => expect(frame()).toContain('install on alpha (null)'));
  });
});

describe('log pane', () => {
  it('keeps the last state of a line redrawn with \\r, and puts the time first under -timestamp-ui', async () => {
    const { bus, frame } = setup(['alpha'], { timestamps: true });
    startBuild(bus, 'alpha');
    bus.emit({ type: 'log', build: 'alpha', level: 'message', stream: 'stdout', text: 'fetch 10%\rfetch 50%\rfetch 100%\r' });
    await until(() => expect(frame()).toMatch(/^\d\d:\d\d:\d\d {5}fetch 100%$/m));
    expect(frame()).not.toContain('fetch 10%');
  });

  it("shows every build's upload, not only the selected one", async () => {
    const { bus, frame } = setup(['alpha', 'beta']);
    startBuild(bus, 'alpha');
    startBuild(bus, 'beta');
    for (const b of ['alpha', 'beta']) {
      bus.emit({ type: 'progress', build: b, id: `${b}-up`, label: 'disk.img', bytes: 25, total: 100, done: false });
    }
    await until(() => expect(frame()).toMatch(/alpha: disk\.img .*25%/));
    expect(frame()).toMatch(/beta: disk\.img .*25%/);
  });

  it('m merges every build\'s lines, each named by its build; ? shows the keys', async () => {
    const { bus, frame, press } = setup(['alpha', 'beta']);
    startBuild(bus, 'alpha');
    startBuild(bus, 'beta');
    logLines(bus, 'alpha', 2, 'from a');
    logLines(bus, 'beta', 2, 'from b');
    await settle();
    await press('m');
    await until(() => expect(frame()).toContain('log: all builds'));
    expect(frame()).toMatch(/ {4}alpha: from a 1\n {4}beta: from b 0/);
    await press('?');
    await until(() => expect(frame()).toContain("a step's detail"));
    expect(frame()).toContain('merged log');
    await press('?');
    await until(() => expect(frame()).not.toContain("a step's detail"));
  });

  it('l pages the build log file from its first line; Esc comes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-dash-file-'));
    try {
      const file = join(dir, 'alpha.log');
      writeFileSync(file, Array.from({ length: 200 }, (_, i) => `file line ${i}`).join('\n') + '\n');
      const { bus, frame, press } = setup(['alpha'], { logFiles: { alpha: file } });
      startBuild(bus, 'alpha');
      logLines(bus, 'alpha', 3, 'memory');
      await settle();
      await until(() => expect(frame()).toContain(file));
      await press('l');
      await until(() => expect(frame()).toContain('file line 0'));
      expect(frame()).toContain(`log: file ${file}`);
      await press(KEYS.end);
      await until(() => expect(frame()).toContain('file line 199'));
      await press(KEYS.escape);
      await until(() => expect(frame()).toContain('memory 2'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('overview', () => {
  it('with 12 builds shows one row each (state, current step, progress); arrows pick a build, Enter its steps, o toggles', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `build-${String(i + 1).padStart(2, '0')}`);
    const { bus, frame, press } = setup(names);
    for (const n of names) startBuild(bus, n);
    for (const n of names.slice(0, 6)) runStep(bus, n, STEPS[0]!, 'done');
    runStep(bus, 'build-03', STEPS[1]!);
    runStep(bus, 'build-05', STEPS[1]!, 'failed', 'connection refused');
    bus.emit({ type: 'build-end', build: 'build-05', status: 'failed', durationMs: 10, error: 'connection refused', artifacts: [] });
    logLines(bus, 'build-03', 2, 'three says');
    await settle();
    await until(() => expect(frame()).toMatch(/build-03 +running +connect: none +1\/4/));
    const f = frame();
    // The failed build took the log pane; its row says failed and where.
    expect(f).toMatch(/❯✖ build-05 +failed +connect: none +4\/4/);
    expect(f).toContain("Build 'build-05' errored: connection refused");
    // The rows scroll with the selection.
    await press('9', KEYS.down, KEYS.down, KEYS.down);
    await until(() => expect(frame()).toMatch(/❯⠋|❯⠙|❯⠹|❯⠸|❯⠼|❯⠴|❯⠦|❯⠧|❯⠇|❯⠏/));
    expect(frame()).toMatch(/build-12 +running +0\/4/);
    await press('1', KEYS.down, KEYS.down);
    await until(() => expect(frame()).toContain('log: build-03'));
    expect(frame()).toContain('three says 1');
    await press(KEYS.enter);
    await until(() => expect(frame()).toMatch(/⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏/));
    expect(frame()).toMatch(/○ shell-local: say hello/);
    await press('o');
    await until(() => expect(frame()).toMatch(/❯.*build-03 +running/));
  });
});
