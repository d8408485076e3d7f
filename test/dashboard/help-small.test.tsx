// `?` on a small terminal: every key the help lists is on screen (none squeezed to nothing), in the frame.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { HELP_KEYS } from '../../src/ui/dashboard/components/HelpPane.js';
import { logLines, resize, setup, startBuild, until } from './harness.js';

afterEach(() => cleanup());

describe('the keys on a 60x20 terminal', () => {
  it('lists every key, one row each, within the frame', async () => {
    const { bus, r, frame, press } = setup(['alpha', 'beta', 'gamma']);
    resize(r, 60, 20);
    for (const b of ['alpha', 'beta', 'gamma']) startBuild(bus, b);
    logLines(bus, 'alpha', 30, 'alpha says');
    await until(() => expect(frame()).toContain('alpha says'));
    await press('?');
    await until(() => expect(frame()).toContain('show / hide these keys'));
    const lines = frame().split('\n');
    expect(lines.length).toBeLessThan(20);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
    for (const [key] of HELP_KEYS) expect(lines.some((l) => l.startsWith(key)), key).toBe(true);
    await press('?');
    await until(() => expect(frame()).not.toContain('show / hide these keys'));
    expect(frame()).toContain('alpha says');
  });
});

describe('a log line holding newlines (an error of several lines) on a 50x15 terminal', () => {
  it('takes one pane row a part, so the frame stays within the terminal', async () => {
    const { bus, r, frame } = setup(['alpha']);
    resize(r, 50, 15);
    startBuild(bus, 'alpha');
    logLines(bus, 'alpha', 30, 'alpha says');
    const parts = Array.from({ length: 12 }, (_, i) => `part ${i} of a message`);
    bus.emit({ type: 'log', build: 'alpha', level: 'error', text: parts.join('\n') });
    await until(() => expect(frame()).toContain('part 11 of a message'));
    const lines = frame().split('\n');
    expect(lines.length, frame()).toBeLessThan(15);
    // The pane's own rows: each part on a row of its own, none pushed past the frame.
    expect(lines.filter((l) => /part \d+ of a message/.test(l)).length).toBeGreaterThan(0);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(50);
  });
});

describe('a terminal shorter than the layout wants (a 10-row split pane)', () => {
  // A frame as tall as the terminal makes Ink clear the screen and the scrollback at every redraw.
  it.each([[40, 10], [30, 8], [80, 6], [60, 4]])('at %ix%i stays within the terminal, keeps the title and the keys, and cuts the middle', async (columns, rows) => {
    const { bus, r, frame } = setup(['alpha']);
    resize(r, columns, rows);
    startBuild(bus, 'alpha');
    logLines(bus, 'alpha', 30, 'alpha says');
    await until(() => expect(frame()).toContain('pack build'));
    await until(() => expect(frame().split('\n').length, frame()).toBeLessThan(rows));
    await until(() => expect(frame().split('\n').at(-1), frame()).toMatch(/^↑↓ Enter step/), 1000);
    const lines = frame().split('\n');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
    expect(lines[0], frame()).toMatch(/^pack buil/);
    // The middle gives up its bottom rows: the steps stay under the title.
    expect(lines[1], frame()).toContain('alpha');
  });
});
