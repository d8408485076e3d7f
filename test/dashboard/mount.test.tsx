// mountDashboard end to end on in-memory terminal streams (stand-ins for a TTY: the real
// terminal is covered by the tmux tests), driven by the scripted two-build run.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import chalk from 'chalk';
import { EventBus } from '../../src/core/bus.js';
import { mountDashboard, findLogFiles } from '../../src/ui/dashboard/index.js';
import { DashboardStore } from '../../src/ui/dashboard/store.js';
import { scriptedRun } from './scripted-run.js';
import { plain, settle, until } from './harness.js';

class FakeTerminalOut extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  written: string[] = [];
  write = (chunk: string) => {
    this.written.push(chunk);
    return true;
  };
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  /** The last full frame Ink wrote (it starts with the header line). */
  lastFrame(): string {
    for (let i = this.written.length - 1; i >= 0; i--) {
      const text = plain(this.written[i]);
      const at = text.lastIndexOf('pack build');
      if (at >= 0) return text.slice(at).replace(/\n$/, '');
    }
    return '';
  }
}

class FakeTerminalIn extends EventEmitter {
  isTTY: boolean;
  rawMode = false;
  private pending: string | null = null;
  constructor(tty = true) {
    super();
    this.isTTY = tty;
  }
  type(data: string) {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const d = this.pending;
    this.pending = null;
    return d;
  };
  setEncoding() {}
  setRawMode(on: boolean) {
    this.rawMode = on;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Mounts the dashboard on a fresh bus and fake terminal streams (stdin a terminal unless said). */
function mountOnFakes(opts: { templatePath?: string; buildNames?: string[]; logDir?: string; stdinIsTerminal?: boolean; color?: boolean; bell?: boolean } = {}) {
  const bus = new EventBus();
  const stdout = new FakeTerminalOut();
  const stdin = new FakeTerminalIn(opts.stdinIsTerminal ?? true);
  const dash = mountDashboard(bus, {
    templatePath: opts.templatePath ?? 't.json',
    buildNames: opts.buildNames ?? ['alpha'],
    onCancel: () => {},
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    ...(opts.logDir ? { logDir: opts.logDir } : {}),
    ...(opts.color !== undefined ? { color: opts.color } : {}),
    ...(opts.bell !== undefined ? { bell: opts.bell } : {}),
  });
  return { bus, stdout, stdin, finished: dash.finished, stop: dash.stop };
}

describe('mountDashboard', () => {
  it('draws a whole run, ends on the summary, and restores the terminal mode', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'pack-dash-'));
    dirs.push(logDir);
    writeFileSync(join(logDir, 'alpha.log'), '');
    const { bus, stdout, stdin, finished } = mountOnFakes({ templatePath: 'demo.pkr.json', buildNames: ['alpha', 'beta'], logDir });
    expect(bus.canAsk).toBe(true);
    await until(() => expect(stdin.rawMode).toBe(true));
    await scriptedRun(bus, {
      beat: 2,
      lines: 20,
      afterStart: () => until(() => expect(stdout.lastFrame()).toMatch(/shell-local: echo hello.*shell-local: exit 7/s)),
    });
    await finished;
    const out = stdout.written.map(plain).join('');
    expect(out).toContain('shell-local: echo hello');
    expect(out).toContain("Build 'alpha' finished after");
    expect(out).toContain(`log: ${join(logDir, 'alpha.log')}`);
    // No file for beta: the folder is shown instead.
    expect(out).toContain(`log: ${logDir}/`);
    expect(out).toContain("Build 'beta' errored after");
    expect(stdin.rawMode).toBe(false);
    expect(bus.canAsk).toBe(false);
  });

  it('answers an on-error question from the keyboard: r retries and the build succeeds', async () => {
    const { bus, stdout, stdin, finished } = mountOnFakes({ templatePath: 'demo.pkr.json', buildNames: ['alpha', 'beta'] });
    const run = scriptedRun(bus, { lines: 5, ask: true });
    await until(() => expect(stdout.lastFrame()).toContain('[r] retry step'));
    stdin.type('r');
    await run;
    await finished;
    const out = stdout.written.map(plain).join('');
    expect(out).toContain("Build 'beta' finished after");
    expect(out).toContain('==> Builds finished after');
  });

  it('follows the terminal size: side by side at 120 columns, one build at 50, never taller than the screen', async () => {
    const { bus, stdout, finished } = mountOnFakes({ buildNames: ['alpha', 'beta'] });
    bus.emit({ type: 'build-start', build: 'alpha', builderType: 'null', steps: [{ id: 'a', title: 'alpha step', kind: 'prepare' }] });
    bus.emit({ type: 'build-start', build: 'beta', builderType: 'null', steps: [{ id: 'b', title: 'beta step', kind: 'prepare' }] });
    for (let i = 0; i < 100; i++) bus.emit({ type: 'log', build: 'alpha', level: 'message', text: `x ${i}` });
    await until(() => expect(stdout.lastFrame()).toMatch(/alpha step.*beta step/));
    expect(stdout.lastFrame().split('\n').length).toBeLessThan(40);
    stdout.resize(50, 24);
    await until(() => expect(stdout.lastFrame()).not.toContain('beta step'));
    const small = stdout.lastFrame();
    // Two builds do not fit side by side in 50 columns: one overview row each.
    expect(small).toMatch(/alpha +running/);
    expect(small).toMatch(/beta +running/);
    expect(small).not.toContain('beta step');
    expect(small.split('\n').length).toBeLessThan(24);
    for (const line of small.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    bus.emit({ type: 'run-end', durationMs: 1, errors: [], artifacts: [], cancelled: false });
    await finished;
  });

  it('stop() restores the terminal when the run ends without run-end', async () => {
    const { bus, stdin, ...dash } = mountOnFakes();
    await until(() => expect(stdin.rawMode).toBe(true));
    await dash.stop();
    expect(stdin.rawMode).toBe(false);
    expect(bus.canAsk).toBe(false);
    await dash.finished;
  });

  it('does not offer to answer questions when stdin is not a terminal', async () => {
    const { bus, finished } = mountOnFakes({ stdinIsTerminal: false });
    expect(bus.canAsk).toBe(false);
    bus.emit({ type: 'run-end', durationMs: 1, errors: [], artifacts: [], cancelled: false });
    await finished;
  });
});

describe('bell and colour', () => {
  it('rings the bell when a question waits, unless told not to', async () => {
    for (const bell of [true, false]) {
      const { bus, stdout, stdin, finished } = mountOnFakes({ bell });
      bus.emit({ type: 'build-start', build: 'alpha', builderType: 'null', steps: [] });
      const answer = bus.ask({ build: 'alpha', prompt: 'Continue?', choices: [{ key: 'c', label: 'continue', role: 'continue' }] });
      await until(() => expect(stdout.lastFrame()).toContain('[c] continue'));
      expect(stdout.written.includes('\x07')).toBe(bell);
      stdin.type('c');
      await expect(answer).resolves.toBe('c');
      bus.emit({ type: 'run-end', durationMs: 1, errors: [], artifacts: [], cancelled: false });
      await finished;
    }
  });

  it('with colour off writes no colour code, in the live frames or the final frame', async () => {
    const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;
    // Ink's chalk decides from the test's own stdout (not a terminal): make it colour, as in a terminal.
    const level = chalk.level;
    chalk.level = 3;
    try {
      for (const color of [true, false]) {
        const { bus, stdout, finished } = mountOnFakes({ color, buildNames: ['alpha', 'beta'] });
        void scriptedRun(bus, { beat: 0, lines: 20 });
        await finished;
        const all = stdout.written.join('');
        expect(all).toContain("Build 'beta' errored");
        if (color) expect(all).toMatch(COLOUR);
        else expect(all).not.toMatch(COLOUR);
      }
    } finally {
      chalk.level = level;
    }
  });
});

describe('heavy output', () => {
  it('keeps a bounded log and wakes listeners once per throttle tick, not per line', async () => {
    const store = new DashboardStore({ templatePath: 't', buildNames: ['alpha'], throttleMs: 30, logLines: 10_000 });
    let wakeups = 0;
    store.subscribe(() => wakeups++);
    for (let i = 0; i < 50_000; i++) store.handle({ type: 'log', build: 'alpha', level: 'message', text: `l ${i}`, time: 0 });
    await settle(80);
    expect(wakeups).toBe(1);
    const logs = store.builds.get('alpha')!.logs;
    expect(logs.size).toBe(10_000);
    expect(logs.total).toBe(50_000);
    expect(logs.lines()[0]!.text).toBe('l 40000');
    store.dispose();
  });

  it('draws a flood every 500 ms even though each period starts with one new line', () => {
    vi.useFakeTimers();
    try {
      const store = new DashboardStore({ templatePath: 't', buildNames: ['alpha'], throttleMs: 100 });
      let wakeups = 0;
      store.subscribe(() => wakeups++);
      const line = (i: number) => store.handle({ type: 'log', build: 'alpha', level: 'message', text: `l ${i}`, time: 0 });
      for (let i = 0; i < 2_000; i++) line(i);
      vi.advanceTimersByTime(250);
      expect(wakeups).toBe(1);
      // The flood goes on: the first line after that frame starts the next period.
      for (let i = 0; i < 2_000; i++) line(i);
      vi.advanceTimersByTime(450);
      expect(wakeups).toBe(1);
      vi.advanceTimersByTime(50);
      expect(wakeups).toBe(2);
      // Once quiet, a lone line is drawn after the ordinary throttle again.
      vi.advanceTimersByTime(1_000);
      line(0);
      vi.advanceTimersByTime(500);
      line(1);
      vi.advanceTimersByTime(100);
      expect(wakeups).toBe(4);
      store.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the component a line came from', () => {
    const store = new DashboardStore({ templatePath: 't', buildNames: ['alpha'] });
    store.handle({ type: 'log', build: 'alpha', level: 'say', text: 'Compressing', origin: 'compress', time: 0 });
    expect(store.builds.get('alpha')!.logs.lines()[0]!.text).toBe('(compress) Compressing');
    store.dispose();
  });

  it("shows the ansible task that runs now beside its provisioner's step", () => {
    const store = new DashboardStore({ templatePath: 't', buildNames: ['alpha'] });
    store.handle({ type: 'build-start', build: 'alpha', builderType: 'null', steps: [{ id: 'provision:0', title: 'ansible: playbook site.yml', kind: 'provision' }], time: 0 });
    store.handle({ type: 'step-start', build: 'alpha', step: 'provision:0', title: 'ansible: playbook site.yml', kind: 'provision', time: 0 });
    const row = () => store.builds.get('alpha')!.steps.find((s) => s.id === 'provision:0')!;
    store.handle({ type: 'log', build: 'alpha', step: 'provision:0', level: 'message', text: 'TASK [web : install nginx] *****', time: 0 });
    expect(row().target).toBe('web : install nginx');
    store.handle({ type: 'log', build: 'alpha', step: 'provision:0', level: 'message', text: 'ok: [default]', time: 0 });
    store.handle({ type: 'log', build: 'alpha', step: 'provision:0', level: 'message', text: 'TASK [start it] ****', time: 0 });
    expect(row().target).toBe('start it');
    store.dispose();
  });

  it('strips cursor-control sequences a command printed', () => {
    const store = new DashboardStore({ templatePath: 't', buildNames: ['alpha'] });
    store.handle({ type: 'log', build: 'alpha', level: 'message', text: '\x1b[2J\x1b[Hgreen \x1b[32mok\x1b[0m\r', time: 0 });
    expect(store.builds.get('alpha')!.logs.lines()[0]!.text).toBe('green ok');
    store.dispose();
  });
});

describe('findLogFiles', () => {
  it('names each build log by the build name, sanitised', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-dash-'));
    dirs.push(dir);
    // Named as the engine's log-file subscriber names them.
    writeFileSync(join(dir, 'par.null.x.log'), '');
    writeFileSync(join(dir, 'docker_one.log'), '');
    expect(findLogFiles(dir, ['par.null.x', 'docker one', 'nope'])).toEqual({
      'par.null.x': join(dir, 'par.null.x.log'),
      'docker one': join(dir, 'docker_one.log'),
      nope: `${dir}/`,
    });
  });
});
