// The dashboard in real terminals of three sizes, with a build that fails in its builder
// stage while others run, post-processors that pass and fail, \r progress, NO_COLOR, the
// final frame in the scrollback, and 12 builds through the overview.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalFixture } from './tmux.js';

const PACK = resolve('bin/pack');
const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

const MIXED = {
  builders: [
    { type: 'null', name: 'slow', communicator: 'none' },
    // Fails in its builder stage: /etc/passwd is a file, so the folder cannot be made.
    { type: 'file', name: 'broken', content: 'x', target: '/etc/passwd/the/builder/cannot/create/this/folder/so/it/fails/out.txt' },
    { type: 'null', name: 'post', communicator: 'none' },
  ],
  provisioners: [
    {
      type: 'shell-local',
      except: ['broken'],
      inline: [
        `printf 'fetch 10%%\\rfetch 60%%\\rfetch 100%%\\n'`,
        // Waits for the test to create "go" (at most a minute), so the run outlasts the checks.
        'i=0; while [ ! -f go ] && [ $i -lt 300 ]; do i=$((i+1)); echo "$PACKER_BUILD_NAME tick $i"; sleep 0.2; done',
      ],
    },
  ],
  'post-processors': [
    [{ type: 'manifest', output: 'manifest.json', except: ['broken'] }],
    [{ type: 'shell-local', only: ['post'], inline: ['echo "uploading nowhere"; exit 5'] }],
  ],
};

const fx = terminalFixture('pack-dash-sizes-', 't.json');

describe.each([
  [60, 20],
  [120, 40],
  [200, 50],
])('a %ix%i terminal under NO_COLOR', (columns, rows) => {
  it("shows the failed build's error in its pane while others run, marks post-processors, leaves the final frame", async () => {
    const cwd = fx.setup(MIXED);
    const term = fx.open(cwd, columns, rows);
    term.run(`clear; NO_COLOR=1 node ${PACK} build -log-dir logs t.json; echo EXIT=$?`);
    // The broken build takes the pane; its whole error is there, wrapped, while the others tick.
    const live = await term.waitFor(/running 2[^]*log: broken[^]*Build 'broken' errored/);
    const joined = live.split('\n').join('');
    expect(joined).toContain('cannot create the folder /etc/passwd/the/builder/cannot/create/this/folder/so/it/fails: ENOTDIR');
    for (const line of live.split('\n')) expect(line.length).toBeLessThanOrEqual(columns);
    expect(term.screen(true)).not.toMatch(COLOUR_SGR);
    writeFileSync(join(cwd, 'go'), '');
    await term.waitFor(/EXIT=\d+/);
    const scrollback = term.tmux('capture-pane', '-p', '-S', '-300');
    expect(term.tmux('capture-pane', '-p', '-e', '-S', '-300')).not.toMatch(COLOUR_SGR);
    const end = scrollback.slice(scrollback.indexOf("✔ Build 'slow'"));
    // Each build's steps with their status; the post-processors done or failed as they were.
    expect(end).toMatch(/✔ Build 'slow' finished after[^]*✔ shell-local[^]*✔ manifest/);
    expect(end).toMatch(/✖ Build 'broken' errored after[^]*✖ Write [^]*error: cannot create the folder\s[^]*ENOTDIR[^]*↓ Connect \(none\) \(not run\) +skipped/);
    expect(end).toMatch(/✖ Build 'post' errored after[^]*✔ manifest[^]*✖ shell-local[^]*failed[^]*uploading nowhere[^]*exit status:\s+5/);
    expect(end.split('\n').join('')).toContain(`log: ${join(cwd, 'logs', 'slow.log')}`);
    expect(end).toContain('EXIT=1');
    // The \r progress is one line in the log file, its last state.
    const log = readFileSync(join(cwd, 'logs', 'slow.log'), 'utf8');
    expect(log).toMatch(/slow: fetch 100%\n/);
    expect(log).not.toContain('fetch 10%');
  });
});

describe('12 builds', () => {
  it('are usable through the overview: every build a row, arrows and Enter reach one build', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `b${String(i + 1).padStart(2, '0')}`);
    const cwd = fx.setup({
      builders: names.map((name) => ({ type: 'null', name, communicator: 'none' })),
      provisioners: [
        { type: 'shell-local', inline: ['i=0; while [ ! -f go ] && [ $i -lt 300 ]; do i=$((i+1)); echo "$PACKER_BUILD_NAME tick $i"; sleep 0.3; done'] },
      ],
    });
    const term = fx.open(cwd, 120, 40);
    term.run(`node ${PACK} build -log-dir logs t.json; echo EXIT=$?`);
    const live = await term.waitFor(/b12 +running/);
    for (const n of names) expect(live).toMatch(new RegExp(`${n} +running`));
    term.keys('Down', 'Down', 'Down', 'Down');
    await term.waitFor(/❯.*b05 +running[^]*log: b05[^]*b05 tick/);
    term.keys('Enter');
    const steps = await term.waitFor(/shell-local: inline: 1 command +\d\d:\d\d/);
    expect(steps).toContain('log: b05');
    term.type('m');
    await term.waitFor(/log: all builds[^]*b\d\d: b\d\d tick/);
    writeFileSync(join(cwd, 'go'), '');
    const end = await term.waitFor(/EXIT=0/);
    expect(end).toMatch(/✔ Build 'b12' finished after/);
  });
});

describe('-ui=list', () => {
  it('draws an inline task list (builds, steps, durations, last output) that stays in the scrollback', async () => {
    const cwd = fx.setup(MIXED);
    const term = fx.open(cwd, 120, 40);
    term.run(`clear; NO_COLOR=1 node ${PACK} build -ui=list -log-dir logs t.json; echo EXIT=$?`);
    // While it runs: a spinner on the running step and its last line of output under it.
    await term.waitFor(/shell-local: inline: 2 commands\n +› (slow|post) tick \d/);
    writeFileSync(join(cwd, 'go'), '');
    await term.waitFor(/EXIT=\d+/);
    const all = term.tmux('capture-pane', '-p', '-S', '-300');
    expect(term.tmux('capture-pane', '-p', '-e', '-S', '-300')).not.toMatch(COLOUR_SGR);
    expect(all).toMatch(/✔ slow \(null\) \[[\d.]+s\]\n +✔ Connect \(none\) \[[\d.]+s\]\n +✔ shell-local: inline: 2 commands \[[\d.]+s\]\n +✔ manifest: manifest\.json/);
    expect(all).toMatch(/broken \(file\)[^]*✖ Write [^]*ENOTDIR[^]*↓ Connect \(none\) \(not run\)/);
    expect(all).toMatch(/post \(null\)[^]*✖ shell-local: inline: 1 command: Script exited with non-zero exit status: 5/);
    expect(all).toContain("==> Some builds didn't complete successfully and had errors:");
    expect(all).toContain('EXIT=1');
  });
});
