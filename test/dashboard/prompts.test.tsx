import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Choice } from '../../src/core/events.js';
import { until, KEYS, logLines, resize, setup, settle, startBuild, runStep, STEPS } from './harness.js';

afterEach(() => cleanup());

const ON_ERROR: Choice[] = [
  { key: 'r', label: 'retry step', role: 'retry' },
  { key: 'c', label: 'clean up and exit', role: 'cleanup' },
  { key: 'a', label: 'abort without cleanup', role: 'abort' },
];

describe('dashboard questions and cancel', () => {
  it.each(['r', 'c', 'a'])('on-error=ask: the failed step offers retry / clean up / abort, and %s answers', async (key) => {
    const { bus, frame, press } = setup();
    startBuild(bus, 'alpha');
    startBuild(bus, 'beta');
    runStep(bus, 'beta', STEPS[0]!, 'failed', 'exit status 7');
    const answer = bus.ask({ build: 'beta', prompt: "Step 'prepare null builder' failed: exit status 7", choices: ON_ERROR });
    await until(() => expect(frame()).toContain('log: beta'));
    const f = frame();
    expect(f).toContain("? beta: Step 'prepare null builder' failed");
    expect(f).toContain('[r] retry step');
    expect(f).toContain('[c] clean up and exit');
    expect(f).toContain('[a] abort without cleanup');
    // The question selects its build.
    expect(f).toContain('log: beta');
    await press(key);
    await expect(answer).resolves.toBe(key);
    expect(frame()).not.toContain('[r] retry step');
  });

  it('keeps a multi-line prompt on one row, so the frame never grows past the terminal', async () => {
    const { bus, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    logLines(bus, 'alpha', 50, 'row');
    await until(() => expect(frame()).toContain('row 49'));
    const rowsBefore = frame().split('\n').length;
    bus.ask({
      build: 'alpha',
      prompt: 'Step "Provision" failed\n[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?',
      choices: ON_ERROR,
    });
    await until(() => expect(frame()).toContain('? alpha: Step "Provision" failed'));
    expect(frame()).not.toContain('[c] Clean up and exit,');
    expect(frame().split('\n').length).toBe(rowsBefore);
    // Errors with newlines stay on their step's row too.
    runStep(bus, 'alpha', STEPS[0]!, 'failed', 'first line\nsecond line');
    await until(() => expect(frame()).toContain('first line second line'));
    expect(frame().split('\n').length).toBe(rowsBefore);
  });

  it('answers the highlighted choice with Enter after moving with the arrows', async () => {
    const { bus, press } = setup(['alpha']);
    startBuild(bus, 'alpha');
    const answer = bus.ask({ build: 'alpha', prompt: 'failed', choices: ON_ERROR });
    await settle();
    await press('\x1b[C', '\x1b[C', KEYS.enter);
    await expect(answer).resolves.toBe('a');
  });

  it('-on-error=ask: Enter without choosing opens the step (as the footer says), it does not clean up', async () => {
    const { bus, frame, press } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'failed', 'exit status 3');
    let answered: string | undefined;
    void bus.ask({ build: 'alpha', prompt: 'failed', choices: ON_ERROR }).then((k) => (answered = k));
    await settle();
    await press(KEYS.down, KEYS.enter);
    await until(() => expect(frame()).toContain('error: exit status 3'));
    expect(answered).toBeUndefined();
    await press('r');
    await until(() => expect(answered).toBe('r'));
  });

  it.each([[100, 24], [40, 14]])('-on-error=ask at %ix%i: retry is selected at once and Enter answers it; clean up only after ←→ moves to it', async (columns, rows) => {
    // The engine's order: clean up first.
    const engine: Choice[] = [
      { key: 'c', label: 'Clean up and exit', role: 'cleanup' },
      { key: 'a', label: 'abort without cleanup', role: 'abort' },
      { key: 'r', label: 'retry step', role: 'retry' },
    ];
    const { bus, r, frame, press } = setup(['alpha']);
    resize(r, columns, rows);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'failed', 'exit status 3');
    const first = bus.ask({ build: 'alpha', prompt: 'failed', choices: engine });
    await until(() => expect(frame()).toContain('[r] retry step'));
    // The keys say what Enter does, and the selected choice is marked (not only by colour).
    await until(() => expect(frame()).toMatch(/›\[r\] retry step/));
    expect(frame()).toMatch(/Enter retry step/);
    expect(frame()).toMatch(/←→ choose/);
    await press(KEYS.enter);
    await expect(first).resolves.toBe('r');

    runStep(bus, 'alpha', STEPS[0]!, 'failed', 'exit status 3');
    const second = bus.ask({ build: 'alpha', prompt: 'failed again', choices: engine });
    await until(() => expect(frame()).toContain('failed again'));
    await press(KEYS.left, KEYS.left);
    await until(() => expect(frame()).toMatch(/Enter Clean up and exit/));
    await press(KEYS.enter);
    await expect(second).resolves.toBe('c');
  });

  it('-debug: pauses with a prompt and continues on Enter', async () => {
    const { bus, frame, press } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    const answer = bus.ask({
      build: 'alpha',
      prompt: "Pausing after step 'prepare null builder'. Continue?",
      choices: [
        { key: 'c', label: 'continue', role: 'continue' },
        { key: 'a', label: 'abort', role: 'abort' },
      ],
    });
    await settle();
    await until(() => expect(frame()).toContain("? alpha: Pausing after step 'prepare null builder'. Continue?"));
    await until(() => expect(frame()).toContain('[c] continue'));
    // The footer offers the choices too.
    await until(() => expect(frame()).toMatch(/c continue {2}a abort/));
    await press(KEYS.enter);
    await expect(answer).resolves.toBe('c');
  });

  it('q asks once; n keeps going; y cancels once and shows cleaning up; more Ctrl-C escalates (warn, then quit), q does not', async () => {
    const { bus, frame, press, cancels, interrupts } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!);
    await settle();
    await press('q');
    await until(() => expect(frame()).toContain('Cancel the run?'));
    await press('n');
    expect(frame()).not.toContain('Cancel the run?');
    expect(cancels()).toBe(0);
    await press('q', 'y');
    expect(cancels()).toBe(1);
    await until(() => expect(frame()).toContain('cleaning up…'));
    await press('q');
    await until(() => expect(frame()).toContain('cleanup keeps running'));
    expect(interrupts()).toBe(0);
    // A cleanup that hangs must not hold the terminal: Ctrl-C goes on to the run's interrupts, as a signal
    // would (the second says the cleanups still run, the third quits and lists what is left).
    await press(KEYS.ctrlC);
    expect(interrupts()).toBe(1);
    await until(() => expect(frame()).toContain('Ctrl-C again quits without them'));
    await press(KEYS.ctrlC);
    expect(interrupts()).toBe(2);
    expect(cancels()).toBe(1);
    expect(frame()).not.toContain('q cancel');
  });

  it('Ctrl-C twice cancels, and a pending question is answered with clean up', async () => {
    const { bus, frame, press, cancels } = setup(['alpha']);
    startBuild(bus, 'alpha');
    const answer = bus.ask({ build: 'alpha', prompt: 'failed', choices: ON_ERROR });
    await settle();
    await press(KEYS.ctrlC);
    await until(() => expect(frame()).toContain('Cancel the run?'));
    await press(KEYS.ctrlC);
    expect(cancels()).toBe(1);
    await expect(answer).resolves.toBe('c');
  });

  it('at the end draws nothing more: the final frame is written as text (final-frame.test)', async () => {
    const { bus, frame, r } = setup();
    startBuild(bus, 'alpha');
    bus.emit({ type: 'run-end', durationMs: 2500, errors: [], artifacts: [], cancelled: false });
    await until(() => expect(frame()).not.toContain('─ log:'));
    r.unmount();
  });
});
