import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { until, KEYS, logLines, setup, settle, startBuild, runStep, STEPS } from './harness.js';

afterEach(() => cleanup());

describe('dashboard selection and log pane', () => {
  it('Tab, Shift-Tab and number keys switch the log pane between builds', async () => {
    const { bus, frame, press } = setup();
    startBuild(bus, 'alpha');
    startBuild(bus, 'beta');
    logLines(bus, 'alpha', 3, 'alpha says');
    logLines(bus, 'beta', 3, 'beta says');
    await settle();
    await until(() => expect(frame()).toContain('log: alpha'));
    await until(() => expect(frame()).toContain('alpha says 2'));
    expect(frame()).not.toContain('beta says');
    await press(KEYS.tab);
    await until(() => expect(frame()).toContain('log: beta'));
    await until(() => expect(frame()).toContain('beta says 2'));
    expect(frame()).not.toContain('alpha says');
    await press(KEYS.shiftTab);
    await until(() => expect(frame()).toContain('log: alpha'));
    await press('2');
    await until(() => expect(frame()).toContain('log: beta'));
    await press('1');
    await until(() => expect(frame()).toContain('log: alpha'));
  });

  it('up/down select a step and show only its lines; Esc goes back to all steps', async () => {
    const { bus, frame, press } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[0]!, 'done');
    logLines(bus, 'alpha', 2, 'from prepare', 'prepare');
    runStep(bus, 'alpha', STEPS[1]!);
    logLines(bus, 'alpha', 2, 'from connect', 'connect');
    await settle();
    await until(() => expect(frame()).toContain('from prepare 1'));
    await until(() => expect(frame()).toContain('from connect 1'));
    await press(KEYS.down, KEYS.down);
    await until(() => expect(frame()).toContain('log: alpha · connect: none'));
    await until(() => expect(frame()).toContain('from connect 1'));
    expect(frame()).not.toContain('from prepare');
    await press(KEYS.up);
    await until(() => expect(frame()).toContain('log: alpha · prepare null builder'));
    expect(frame()).not.toContain('from connect');
    await press(KEYS.escape);
    await until(() => expect(frame()).toContain('all steps'));
    await until(() => expect(frame()).toContain('from connect 1'));
  });

  it('follows new lines, scrolls back with PgUp/Home, stays put while paused, and End follows again', async () => {
    const { bus, frame, press } = setup(['alpha']);
    startBuild(bus, 'alpha');
    logLines(bus, 'alpha', 200, 'row');
    await settle();
    await until(() => expect(frame()).toContain('row 199'));
    await until(() => expect(frame()).toContain('following'));
    await press(KEYS.pageUp);
    expect(frame()).not.toContain('row 199');
    await until(() => expect(frame()).toMatch(/paused \(\d+ newer\)/));
    const paused = frame().split('\n').filter((l) => l.includes('row '));
    logLines(bus, 'alpha', 5, 'late');
    await settle();
    expect(frame().split('\n').filter((l) => l.includes('row '))).toEqual(paused);
    await press(KEYS.home);
    await until(() => expect(frame()).toMatch(/^ +row 0$/m));
    await press(KEYS.pageDown);
    expect(frame()).not.toMatch(/^ +row 0$/m);
    await press(KEYS.end);
    await until(() => expect(frame()).toContain('late 4'));
    await until(() => expect(frame()).toContain('following'));
    // f pauses: new lines do not move the pane; f again follows.
    await press('f');
    logLines(bus, 'alpha', 3, 'after pause');
    await settle();
    expect(frame()).not.toContain('after pause');
    await until(() => expect(frame()).toContain('paused (3 newer)'));
    await press('f');
    await until(() => expect(frame()).toContain('after pause 2'));
  });

  it('searches typed text (also in one burst): counts matches, highlights them, n/N move between them, Esc clears', async () => {
    const { bus, frame, press, r } = setup(['alpha']);
    startBuild(bus, 'alpha');
    logLines(bus, 'alpha', 30, 'row');
    bus.emit({ type: 'log', build: 'alpha', level: 'message', stream: 'stderr', text: 'warning: disk almost full' });
    logLines(bus, 'alpha', 30, 'tail');
    await settle();
    await press('/');
    // A paste arrives as one chunk of input.
    r.stdin.write('DISK');
    await settle();
    await until(() => expect(frame()).toContain('/DISK'));
    await press(KEYS.enter);
    await press('n');
    // The pane moved to the match (the end was following, tail 29 was showing).
    await until(() => expect(frame()).toContain('warning: disk almost full'));
    expect(frame()).toMatch(/\/DISK 1\/1/);
    expect(frame()).not.toContain('tail 29');
    await press('/', 'r', 'o', 'w', ' ', '1');
    await press(KEYS.enter);
    // row 1, row 10..19: 11 matches; n from the top goes to the first, N wraps to the last.
    await until(() => expect(frame()).toMatch(/\/row 1 \d+\/11/));
    await press('N');
    await until(() => expect(frame()).toMatch(/\/row 1 11\/11/));
    await press(KEYS.escape);
    expect(frame()).not.toContain('/row 1');
    await press(KEYS.end);
    await until(() => expect(frame()).toContain('tail 29'));
  });

  it('draws an upload as a bar with bytes, rate and time left', async () => {
    const { bus, frame } = setup(['alpha']);
    startBuild(bus, 'alpha');
    runStep(bus, 'alpha', STEPS[2]!);
    const total = 100 * 1024 * 1024;
    bus.emit({ type: 'progress', build: 'alpha', step: STEPS[2]!.id, id: 'u1', label: 'big.bin', bytes: 0, total, done: false });
    await settle(30);
    bus.emit({ type: 'progress', build: 'alpha', step: STEPS[2]!.id, id: 'u1', label: 'big.bin', bytes: total / 2, total, done: false });
    await until(() => expect(frame()).toContain('50%'));
    const f = frame();
    expect(f).toMatch(/big\.bin █+░+ 50% 50 MiB \/ 100 MiB {2}[\d.]+ [KMGT]?i?B\/s {2}\d\d:\d\d left/);
    bus.emit({ type: 'progress', build: 'alpha', step: STEPS[2]!.id, id: 'u1', label: 'big.bin', bytes: total, total, done: true });
    await settle();
    expect(frame()).not.toContain('big.bin');
  });
});
