// What stays in the scrollback after the run, and colour turned off everywhere.
import { describe, expect, it } from 'vitest';
import { DashboardStore } from '../../src/ui/dashboard/store.js';
import { finalFrame } from '../../src/ui/dashboard/final-frame.js';
import { colorWanted, colourless, stripColor } from '../../src/ui/terminal/color.js';
import type { PackEventInput } from '../../src/core/events.js';

// SGR parameters that set a colour: 30-39, 40-49, 90-97, 100-107 (and 38/48 extended).
export const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

function storeWith(events: PackEventInput[]): DashboardStore {
  const store = new DashboardStore({ templatePath: 't.json', buildNames: ['alpha', 'beta'] });
  for (const e of events) store.handle({ ...e, time: 0 } as never);
  store.dispose();
  return store;
}

const artifact = { builderId: 'null', id: 'x', files: [], description: 'Did not export anything. This is the null builder' };
const RUN: PackEventInput[] = [
  { type: 'build-start', build: 'alpha', builderType: 'null', steps: [{ id: 'p', title: 'say hello', kind: 'provision' }, { id: 'post-process:0.0', title: 'manifest', kind: 'post-process' }] },
  { type: 'build-start', build: 'beta', builderType: 'null', steps: [{ id: 'p', title: 'exit 7', kind: 'provision' }, { id: 'post-process:0.0', title: 'manifest', kind: 'post-process' }] },
  { type: 'step-start', build: 'alpha', step: 'p', title: 'say hello', kind: 'provision' },
  { type: 'step-end', build: 'alpha', step: 'p', status: 'done', durationMs: 2300 },
  { type: 'step-start', build: 'alpha', step: 'post-process:0.0', title: 'manifest', kind: 'post-process' },
  { type: 'step-end', build: 'alpha', step: 'post-process:0.0', status: 'done', durationMs: 12 },
  { type: 'step-start', build: 'beta', step: 'p', title: 'exit 7', kind: 'provision' },
  ...Array.from({ length: 9 }, (_, i): PackEventInput => ({ type: 'log', build: 'beta', step: 'p', level: 'message', stream: 'stdout', text: `beta line ${i}` })),
  { type: 'step-end', build: 'beta', step: 'p', status: 'failed', durationMs: 351, error: 'Script exited with non-zero exit status: 7' },
  { type: 'build-end', build: 'alpha', status: 'success', durationMs: 2415, artifacts: [artifact] },
  { type: 'build-end', build: 'beta', status: 'failed', durationMs: 400, error: 'Script exited with non-zero exit status: 7', artifacts: [] },
  { type: 'run-end', durationMs: 2500, errors: [{ build: 'beta', message: 'Script exited with non-zero exit status: 7' }], artifacts: [{ build: 'alpha', artifact }], cancelled: false },
];
const LOGS = { alpha: '/tmp/logs/alpha.log', beta: '/tmp/logs/beta.log' };

describe('final frame', () => {
  it("starts with the run's warnings as given (blank lines kept), a long line wrapped to the terminal", () => {
    const store = storeWith(RUN);
    const warnings = `Warning: Warning when preparing build: "alpha"\n\nBoth source file and contents are blank; target will have no content\n\n\n`;
    const lines = finalFrame(store.buildList, store.runEnd!, { width: 60, color: false, logFiles: LOGS, warnings }).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Warning: Warning when preparing build: "alpha"',
      '',
      'Both source file and contents are blank; target will have',
      'no content',
      '',
      "✔ Build 'alpha' finished after 2.4s.",
    ]);
    expect(finalFrame(store.buildList, store.runEnd!, { width: 80, color: false, logFiles: LOGS }).split('\n')[0]).toBe("✔ Build 'alpha' finished after 2.4s.");
  });

  it("lists each build's steps with status and duration, a failed step's last lines and error, artifacts and logs", () => {
    const store = storeWith(RUN);
    const text = finalFrame(store.buildList, store.runEnd!, { width: 80, color: false, logFiles: LOGS });
    const lines = text.split('\n');
    expect(lines[0]).toBe("✔ Build 'alpha' finished after 2.4s.");
    expect(text).toMatch(/ {2}✔ say hello +2\.3s\n {2}✔ manifest +12ms\n {4}artifact: Did not export anything\. This is the null builder\n {4}log: \/tmp\/logs\/alpha\.log/);
    expect(text).toContain("✖ Build 'beta' errored after 400ms.");
    expect(text).toMatch(/ {2}✖ exit 7 +failed 351ms/);
    // The last five lines of the failed step, then its whole error.
    expect(text).not.toContain('beta line 3');
    for (let i = 4; i < 9; i++) expect(text).toContain(`│     beta line ${i}`);
    expect(text).toContain('      error: Script exited with non-zero exit status: 7');
    expect(text).toMatch(/↓ manifest \(not run\) +skipped/);
    expect(text).toContain('log: /tmp/logs/beta.log');
    expect(text.trimEnd().split('\n').pop()).toBe("==> Some builds didn't complete successfully and had errors.");
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(/\x1b/);
  });

  it('keeps step rows compact on a wide terminal but does not cut a long path there', () => {
    const long = `/tmp/${'x'.repeat(70)}/files/${'y'.repeat(40)}.tar.gz`;
    const events = RUN.map((e) => (e.type === 'build-end' && e.build === 'alpha'
      ? { ...e, artifacts: [{ ...artifact, description: `compressed artifacts in: ${long}` }] }
      : e));
    const store = storeWith(events);
    const wide = finalFrame(store.buildList, store.runEnd!, { width: 200, color: false, logFiles: LOGS });
    expect(wide).toContain(`    artifact: compressed artifacts in: ${long}\n`);
    // Durations stay within 100 columns of their titles.
    expect(wide.split('\n').find((l) => l.includes('say hello'))!.length).toBeLessThanOrEqual(100);
    const narrow = finalFrame(store.buildList, store.runEnd!, { width: 60, color: false, logFiles: LOGS });
    for (const l of narrow.split('\n').filter((l) => !/^ {4}(artifact|log): /.test(l))) expect(l.length, l).toBeLessThanOrEqual(60);
  });

  it('leaves paths whole on a narrow terminal (the terminal wraps them softly, so they copy whole), and breaks errors at spaces', () => {
    const logs = { alpha: `/root/.local/state/pack/logs/2026-12-02-16-16-43-${'t'.repeat(30)}.json/alpha.log`, beta: LOGS.beta };
    const error = 'Script exited with non-zero exit status: 7. Allowed exit codes are: [0] (valid_exit_codes)';
    const events = RUN.map((e) => (e.type === 'step-end' && e.status === 'failed' ? { ...e, error } : e));
    const store = storeWith(events);
    const text = finalFrame(store.buildList, store.runEnd!, { width: 50, color: false, logFiles: logs });
    expect(text).toContain(`    log: ${logs.alpha}\n`);
    const errorRows = text.split('\n').filter((l) => l.startsWith('      ') && !l.includes('│'));
    expect(errorRows.join(' ').replace(/ +/g, ' ').trim()).toBe(`error: ${error}`);
    for (const r of errorRows) {
      expect(r.length, r).toBeLessThanOrEqual(50);
      // Each row ends at a word's end: the next row starts a new word.
      expect(`error: ${error}`.replace(/ +/g, ' ')).toContain(`${r.trim()} `.trim());
    }
    expect(errorRows.length).toBeGreaterThan(1);
    expect(errorRows.every((r) => /^ {6}\S/.test(r))).toBe(true);
    expect(text).not.toMatch(/ar\ne codes|sta\ntus/);
  });

  it("keeps the gutter on every row of a failed step's line that holds newlines", () => {
    const events = RUN.map((e) => (e.type === 'log' && e.text === 'beta line 8' ? { ...e, text: 'first part\nsecond part' } : e));
    const store = storeWith(events);
    const text = finalFrame(store.buildList, store.runEnd!, { width: 80, color: false, logFiles: LOGS });
    expect(text).toContain('      │     first part\n      │ second part\n');
  });

  it('colours only when asked, and the words and symbols are the same', () => {
    const store = storeWith(RUN);
    const coloured = finalFrame(store.buildList, store.runEnd!, { width: 80, color: true, logFiles: LOGS });
    expect(coloured).toMatch(COLOUR_SGR);
    expect(stripColor(coloured).replace(/\x1b\[[0-9;]*m/g, '')).toBe(finalFrame(store.buildList, store.runEnd!, { width: 80, color: false, logFiles: LOGS }));
  });
});

describe('colour off', () => {
  it('NO_COLOR, -color=false and TERM=dumb turn it off', () => {
    const tty = { isTTY: true, hasColors: () => true } as unknown as NodeJS.WriteStream;
    expect(colorWanted(undefined, tty, {})).toBe(true);
    expect(colorWanted(false, tty, {})).toBe(false);
    expect(colorWanted(undefined, tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted(undefined, tty, { TERM: 'dumb' })).toBe(false);
    expect(colorWanted(undefined, { isTTY: true, hasColors: () => false } as unknown as NodeJS.WriteStream, {})).toBe(false);
  });

  it('drops colour parameters and keeps bold, inverse and resets', () => {
    expect(stripColor('\x1b[31mred\x1b[39m')).toBe('red');
    expect(stripColor('\x1b[1;31mbold red\x1b[0m')).toBe('\x1b[1mbold red\x1b[0m');
    expect(stripColor('\x1b[38;5;208mo\x1b[48;2;1;2;3mx\x1b[7my')).toBe('ox\x1b[7my');
    expect(stripColor('\x1b[90mgray\x1b[22m')).toBe('gray\x1b[22m');
    expect(stripColor('\x1b[2K\x1b[1A plain')).toBe('\x1b[2K\x1b[1A plain');
  });

  it('a colourless stream keeps the size and events of the one it wraps', () => {
    const written: string[] = [];
    const target = { columns: 77, rows: 9, isTTY: true, write: (s: string) => written.push(s), on: function () { return this; } };
    const out = colourless(target as unknown as NodeJS.WriteStream);
    expect(out.columns).toBe(77);
    out.write('\x1b[32mok\x1b[39m \x1b[1mbold\x1b[22m');
    expect(written).toEqual(['ok \x1b[1mbold\x1b[22m']);
  });
});
