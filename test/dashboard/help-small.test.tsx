// `?` on a small terminal: every key the help lists is on screen (none squeezed to nothing), in the frame.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { HELP_KEYS } from '../../src/ui/dashboard/components/HelpPane.js';
import { logLines, setup, startBuild, until } from './harness.js';

afterEach(() => cleanup());

function resize(r: ReturnType<typeof setup>['r'], columns: number, rows: number) {
  Object.defineProperty(r.stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(r.stdout, 'rows', { configurable: true, get: () => rows });
  r.stdout.emit('resize');
}

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
