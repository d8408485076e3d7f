// End to end in a real terminal (tmux): `pack build` draws the dashboard, switches panes on
// Tab, leaves the summary on screen with the right exit code and the terminal back in its
// normal mode; Ctrl-C cancels and cleanup runs; piped output is plain lines.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { terminalFixture } from './tmux.js';

const PACK = resolve('bin/pack');
const run = promisify(execFile);

const TWO_BUILDS = {
  builders: [
    { type: 'null', name: 'alpha', communicator: 'none' },
    { type: 'null', name: 'beta', communicator: 'none' },
  ],
  provisioners: [
    {
      type: 'shell-local',
      name: 'count slowly',
      // Ticks until the test creates the file "go" (at most a minute), so the run outlasts the checks.
      inline: [
        'echo "$PACKER_BUILD_NAME complains" >&2',
        'i=0; while [ ! -f go ] && [ $i -lt 300 ]; do i=$((i+1)); echo "$PACKER_BUILD_NAME tick $i"; sleep 0.2; done',
        'echo "$PACKER_BUILD_NAME warns" >&2',
      ],
    },
    { type: 'shell-local', name: 'maybe fail', inline: ['if [ "$PACKER_BUILD_NAME" = beta ]; then echo "beta breaks"; exit 3; fi', 'echo ok'] },
  ],
};

// Short and self-ending, for the piped runs.
const TWO_QUICK = {
  builders: TWO_BUILDS.builders,
  provisioners: [
    { type: 'shell-local', inline: ['for i in 1 2 3; do echo "$PACKER_BUILD_NAME tick $i"; done', 'echo "$PACKER_BUILD_NAME warns" >&2'] },
    TWO_BUILDS.provisioners[1],
  ],
};

// YAML (JSON is YAML): pack's own format takes a provisioner's name, which Packer JSON refuses.
const fx = terminalFixture('pack-dash-e2e-', 'two.yaml');

describe('pack build in a terminal', () => {
  it('shows both builds with their steps, Tab switches the log, the summary stays, exit code and tty mode are right', async () => {
    const cwd = fx.setup(TWO_BUILDS);
    const term = fx.open(cwd);
    term.run(`node ${PACK} build -log-dir logs two.yaml; echo EXIT=$?`);
    const live = await term.waitFor(/alpha tick 2/);
    // Both builds, side by side, with their steps.
    expect(live).toMatch(/1:alpha.*2:beta/);
    expect(live).toMatch(/count slowly.*count slowly/);
    expect(live).toMatch(/maybe fail.*maybe fail/);
    expect(live).toContain('log: alpha');
    expect(live).toMatch(/Tab\/1-9 build/);
    // stderr lines are red (SGR 31).
    const coloured = term.screen(true).split('\n').find((l) => l.includes('alpha complains')) ?? '';
    expect(coloured).toMatch(/\x1b\[(?:[0-9;]*;)?31m[^\n]*alpha complains/);
    term.keys('Tab');
    const switched = await term.waitFor(/log: beta/);
    expect(switched).toMatch(/beta tick \d/);
    expect(switched).not.toMatch(/alpha tick \d/);
    // Down selects a step (Connect, then the provisioner): the pane shows only its lines.
    term.keys('Down');
    const connect = await term.waitFor(/log: beta · Connect \(none\)/);
    expect(connect).not.toMatch(/beta tick/);
    term.keys('Down');
    await term.waitFor(/log: beta · count slowly[^]*beta tick/);
    // Shrink the terminal to 80x24: the frame follows, starting with the header, nothing wider.
    term.tmux('resize-window', '-x', '80', '-y', '24');
    const small = await term.waitFor(/^pack build two\.yaml .*running/);
    expect(small.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(small).toMatch(/count slowly.*count slowly/);
    writeFileSync(join(cwd, 'go'), '');
    const end = await term.waitFor(/EXIT=\d+/);
    expect(end).toContain("✔ Build 'alpha' finished after");
    expect(end).toMatch(/✖ Build 'beta' errored after[^]*exit status:\s+3/);
    expect(end).toContain(`log: ${join(cwd, 'logs', 'alpha.log')}`);
    expect(end).toContain("==> Some builds didn't complete successfully and had errors.");
    expect(end).toContain('EXIT=1');
    // The log file has every line, stderr too.
    const alphaLog = readFileSync(join(cwd, 'logs', 'alpha.log'), 'utf8');
    const ticks = [...alphaLog.matchAll(/alpha tick (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks).toEqual(ticks.map((_, i) => i + 1));
    expect(alphaLog).toContain('alpha warns');
    term.run('stty -a | tr -s " ;" "\\n" | grep -xE -- "-?(icanon|echo)" | sort | tr "\\n" " "; echo END');
    const tty = await term.waitFor(/echo icanon END/);
    expect(tty).not.toContain('-icanon');
  });

  it('without -log-dir, each build still gets a log file, in a run folder under $XDG_STATE_HOME, named in the summary', async () => {
    const cwd = fx.setup(TWO_QUICK);
    const term = fx.open(cwd);
    term.run(`XDG_STATE_HOME=$PWD/state node ${PACK} build two.yaml; echo EXIT=$?`);
    const end = await term.waitFor(/EXIT=\d+/);
    const named = /log: (\S+\/alpha\.log)/.exec(end.replace(/\n/g, ' '));
    expect(named?.[1]).toMatch(new RegExp(`^${join(cwd, 'state', 'pack', 'logs')}/[\\d-]+-two\\.yaml/alpha\\.log$`));
    const log = readFileSync(named![1], 'utf8');
    expect(log).toContain('alpha tick 3');
    expect(log).toContain('alpha warns');
  });

  it('Ctrl-C asks once, cancels on the second, and the cleanup runs', async () => {
    const cwd = fx.setup({
      builders: [
        { type: 'null', name: 'alpha', communicator: 'none' },
        { type: 'null', name: 'beta', communicator: 'none' },
      ],
      // The cleanup: the cancelled command's own trap, which the engine waits for (SIGTERM to
      // the process group). Packer runs no error-cleanup provisioner on cancel, nor does pack.
      provisioners: [
        {
          type: 'shell-local',
          inline: [
            `trap 'sleep 2; echo cleaned > "cleanup-$PACKER_BUILD_NAME.txt"; exit 1' TERM`,
            'echo "$PACKER_BUILD_NAME started"',
            'sleep 30 & wait',
          ],
        },
      ],
    });
    const term = fx.open(cwd);
    term.run(`XDG_STATE_HOME=$PWD/state node ${PACK} build two.yaml; echo EXIT=$?`);
    await term.waitFor(/alpha started/);
    term.keys('C-c');
    await term.waitFor(/Cancel the run\?/);
    term.keys('C-c');
    await term.waitFor(/cleaning up/);
    // A third Ctrl-C while cleaning does not cut the cleanup short: it says they still run (a fourth would quit).
    term.keys('C-c');
    await term.waitFor(/Ctrl-C again quits without them/);
    const end = await term.waitFor(/EXIT=\d+/);
    expect(end).toMatch(/Build 'alpha' (cancelled|errored)/);
    expect(end).toContain('EXIT=1');
    expect(readFileSync(join(cwd, 'cleanup-alpha.txt'), 'utf8')).toBe('cleaned\n');
    expect(readFileSync(join(cwd, 'cleanup-beta.txt'), 'utf8')).toBe('cleaned\n');
  });

  it('-on-error=ask: retry from the dashboard, then a breakpoint pause continues on Enter', async () => {
    const cwd = fx.setup({
      builders: [{ type: 'null', name: 'alpha', communicator: 'none' }],
      provisioners: [
        {
          type: 'shell-local',
          name: 'flaky',
          // Fails on the first try only.
          inline: ['echo try >> tries', '[ "$(wc -l < tries)" -ge 2 ] || { echo "not yet" >&2; exit 4; }', 'echo fine'],
        },
        { type: 'breakpoint', note: 'look around' },
      ],
    });
    const term = fx.open(cwd);
    term.run(`node ${PACK} build -on-error=ask two.yaml; echo EXIT=$?`);
    const asked = await term.waitFor(/\[r\] retry step/);
    expect(asked).toMatch(/✖ flaky: Script exited with non-zero exit status: 4/);
    expect(asked).toContain('[c] Clean up and exit');
    expect(asked).toContain('[a] abort without cleanup');
    term.type('r');
    const paused = await term.waitFor(/Press enter to continue/);
    // The retry shows in the step list.
    expect(paused).toMatch(/✔ flaky +retried ×1/);
    expect(paused).toMatch(/breakpoint: look around/);
    term.keys('Enter');
    const end = await term.waitFor(/EXIT=\d+/);
    expect(end).toContain("✔ Build 'alpha' finished after");
    expect(end).toContain('EXIT=0');
    expect(readFileSync(join(cwd, 'tries'), 'utf8')).toBe('try\ntry\n');
  });

  it("a component's warning (as Packer's prepare gives) stays on the screen above the dashboard's final summary", async () => {
    // A file build with no content: Packer warns, and the build is over in milliseconds.
    const cwd = fx.setup({ builders: [{ type: 'file', name: 'alpha', target: 'empty.txt' }] });
    const term = fx.open(cwd);
    term.run(`XDG_STATE_HOME=$PWD/state node ${PACK} build two.yaml; echo EXIT=$?`);
    const end = await term.waitFor(/EXIT=\d+/);
    expect(end).toContain('EXIT=0');
    expect(end).toMatch(/Warning: Warning when preparing build: "alpha"\n\nBoth source file and contents are blank; target will have no content\n[\s\S]*✔ Build 'alpha' finished after/);
  });

  it('piped output is plain Packer-style lines without cursor control codes', async () => {
    const cwd = fx.setup(TWO_QUICK);
    const result = await run('sh', ['-c', `node ${PACK} build two.yaml | cat; echo "EXIT=$?"`], { cwd, env: { ...process.env, CI: '' } });
    const out = result.stdout;
    expect(out).toContain('    alpha: alpha tick 1');
    expect(out).toContain("Build 'alpha' finished after");
    expect(out).toMatch(/Build 'beta' errored after/);
    // No escape sequences at all: no cursor movement, no erasing, no colour.
    expect(out).not.toContain('\x1b');
  });

  it('piped inside a terminal (stdin a tty, stdout a pipe) still prints plain lines', async () => {
    const cwd = fx.setup(TWO_QUICK);
    const term = fx.open(cwd);
    term.run(`node ${PACK} build two.yaml | cat -v > out.txt; echo EXIT=$?`);
    await term.waitFor(/EXIT=\d+/);
    const out = readFileSync(join(cwd, 'out.txt'), 'utf8');
    expect(out).toContain("Build 'alpha' finished after");
    expect(out).not.toContain('^[');
  });

  it('on a terminal that cannot move its cursor (TERM=dumb, as Emacs shell) prints plain lines, no dashboard', async () => {
    const cwd = fx.setup(TWO_QUICK);
    const term = fx.open(cwd);
    // script(1) keeps stdout a terminal while recording every byte pack writes to it.
    term.run(`TERM=dumb script -qfec "node ${PACK} build two.yaml" raw.txt >/dev/null; echo EXIT=$?`);
    await term.waitFor(/EXIT=\d+/);
    // script's own first and last lines ("Script started on ...", "Script done ...") are not pack's.
    const out = readFileSync(join(cwd, 'raw.txt'), 'utf8').split('\n').filter((l) => !/^Script (started|done)/.test(l)).join('\n');
    expect(out).toContain('    alpha: alpha tick 1');
    expect(out).toContain("Build 'alpha' finished after");
    // No cursor movement, erasing, screen clearing or hidden cursor; no colour either.
    expect(out).not.toContain('\x1b');
  });

  // A failing build whose post-processor must never run.
  const ASKED = {
    builders: [{ type: 'null', name: 'x', communicator: 'none' }],
    provisioners: [{ type: 'shell-local', inline: ['echo failing', 'exit 4'] }],
    'post-processors': [{ type: 'shell-local', inline: ['echo post-ran > post.txt'] }],
  };

  it('-on-error=ask under plain output: Ctrl-C at the question cancels the run, which cleans up and ends', async () => {
    const cwd = fx.setup(ASKED);
    const term = fx.open(cwd);
    term.run(`CI=true node ${PACK} build -on-error=ask two.yaml; echo EXIT=$?`);
    await term.waitFor(/x: choose/);
    term.keys('C-c');
    const end = await term.waitFor(/EXIT=\d+/, 20_000);
    expect(end, end).toContain('EXIT=1');
    expect(end).toContain('Cancelling build after receiving interrupt');
    expect(end).not.toContain('Left behind');
    expect(existsSync(join(cwd, 'post.txt'))).toBe(false);
  });

  it('-on-error=ask under plain output: Enter alone does not answer (as Packer asks again); c then Enter cleans up', async () => {
    const cwd = fx.setup(ASKED);
    const term = fx.open(cwd);
    term.run(`CI=true node ${PACK} build -on-error=ask two.yaml; echo EXIT=$?`);
    await term.waitFor(/x: choose/);
    term.keys('Enter');
    await term.waitFor(/Please input a value/);
    expect(term.screen()).not.toMatch(/EXIT=\d+/);
    term.type('c');
    term.keys('Enter');
    const end = await term.waitFor(/EXIT=\d+/, 20_000);
    expect(end, end).toContain('EXIT=1');
    expect(existsSync(join(cwd, 'post.txt'))).toBe(false);
  });

  it('-on-error=ask in the dashboard: a SIGTERM while the question waits cancels the run, which ends', async () => {
    const cwd = fx.setup(ASKED);
    const term = fx.open(cwd);
    // exec: the pid the shell writes is pack's.
    term.run(`sh -c 'echo $$ > pack.pid; exec node ${PACK} build -on-error=ask two.yaml'; echo EXIT=$?`);
    await term.waitFor(/Clean up and exit/);
    process.kill(Number(readFileSync(join(cwd, 'pack.pid'), 'utf8')), 'SIGTERM');
    const end = await term.waitFor(/EXIT=\d+/, 20_000);
    expect(end).toContain('EXIT=1');
    expect(existsSync(join(cwd, 'post.txt'))).toBe(false);
  });

  it('a breakpoint under plain output: Ctrl-C at its prompt cancels, and no later provisioner starts', async () => {
    const cwd = fx.setup({
      builders: [{ type: 'null', name: 'x', communicator: 'none' }],
      provisioners: [{ type: 'breakpoint', note: 'look' }, { type: 'shell-local', inline: ['echo later > later.txt'] }],
    });
    const term = fx.open(cwd);
    term.run(`CI=true node ${PACK} build two.yaml; echo EXIT=$?`);
    await term.waitFor(/x: choose/);
    term.keys('C-c');
    const end = await term.waitFor(/EXIT=\d+/, 20_000);
    expect(end, end).toContain('EXIT=1');
    expect(end).not.toContain('No terminal to pause at');
    expect(end).not.toContain('Running local shell script');
    expect(existsSync(join(cwd, 'later.txt'))).toBe(false);
  });

  it('-ui=list -on-error=ask: the question shows in the list (which redraws over the prompt below it), and its key answers', async () => {
    const cwd = fx.setup(ASKED);
    const term = fx.open(cwd);
    term.run(`node ${PACK} build -ui=list -on-error=ask two.yaml; echo EXIT=$?`);
    await term.waitFor(/failed: type c Clean up and exit, a abort without cleanup, r retry step/);
    term.type('c');
    term.keys('Enter');
    const end = await term.waitFor(/EXIT=\d+/, 20_000);
    expect(end, end).toContain('EXIT=1');
    expect(existsSync(join(cwd, 'post.txt'))).toBe(false);
  });
});
