import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/bus.js';
import { plainOutput, rfc3339 } from '../../src/output/plain.js';
import { escapeMachine } from '../../src/output/machine.js';
import { logFiles } from '../../src/output/logfile.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDuration, decodeDuration, goDuration } from '../../src/util/duration.js';
import { runPack } from '../helpers/pack.js';
import { workdir } from './tools.js';
import { afterAll } from 'vitest';

function drive(opts: { color: boolean; timestamp: boolean }) {
  const bus = new EventBus();
  let text = '';
  bus.subscribe(plainOutput({ ...opts, write: (t) => (text += t), buildNames: ['a', 'b'] }));
  bus.emit({ type: 'run-start', template: 't', builds: ['a', 'b'] });
  bus.emit({ type: 'log', build: 'a', level: 'say', text: 'hello' });
  bus.emit({ type: 'log', build: 'b', level: 'message', text: 'out\nput' });
  bus.emit({ type: 'log', build: 'b', level: 'error', text: 'bad', stream: 'stderr' });
  bus.emit({ type: 'log', build: 'a', level: 'say', text: 'Tarring', origin: 'compress' });
  bus.emit({ type: 'build-end', build: 'a', status: 'success', durationMs: 2415.2, artifacts: [] });
  bus.emit({ type: 'build-end', build: 'b', status: 'failed', durationMs: 351, error: 'boom', artifacts: [] });
  return text;
}

describe('plain output', () => {
  it("colours like Packer: a colour per build, bold says, red errors", () => {
    expect(drive({ color: true, timestamp: false }).split('\n')).toEqual([
      '\x1b[1;32ma: output will be in this color.\x1b[0m',
      '\x1b[1;36mb: output will be in this color.\x1b[0m',
      '',
      '\x1b[1;32m==> a: hello\x1b[0m',
      '\x1b[0;36m    b: out',
      '    b: put\x1b[0m',
      '\x1b[1;31m==> b: bad\x1b[0m',
      '\x1b[1;32m==> a (compress): Tarring\x1b[0m',
      "\x1b[1;32mBuild 'a' finished after 2 seconds 415 milliseconds.\x1b[0m",
      "\x1b[1;31mBuild 'b' errored after 351 milliseconds: boom\x1b[0m",
      '',
    ]);
  });

  it('writes a burst of lines at once, in order, and any other event at once with what is pending', async () => {
    const bus = new EventBus();
    const writes: string[] = [];
    bus.subscribe(plainOutput({ color: false, timestamp: false, write: (t) => writes.push(t), buildNames: ['a'] }));
    for (let i = 0; i < 3; i++) bus.emit({ type: 'log', build: 'a', level: 'message', text: `line ${i}` });
    await Promise.resolve();
    expect(writes).toEqual(['    a: line 0\n    a: line 1\n    a: line 2\n']);
    bus.emit({ type: 'log', build: 'a', level: 'message', text: 'before the question' });
    bus.emit({ type: 'question', build: 'a', id: 'q1', prompt: 'Retry?', choices: [{ key: 'r', label: 'retry', role: 'retry' }] });
    // No waiting: a prompt drawn right after the question comes after its line.
    expect(writes.slice(1)).toEqual(['    a: before the question\n==> a: Retry?\n']);
  });

  it('trims the end of each build line as Packer does: an empty output line is "    a:", spaces at the end go', () => {
    const bus = new EventBus();
    let text = '';
    bus.subscribe(plainOutput({ color: false, timestamp: false, write: (t) => (text += t), buildNames: ['a'] }));
    for (const line of ['', 'b   ', 'one\n\ntwo  ']) bus.emit({ type: 'log', build: 'a', level: 'message', text: line });
    bus.emit({ type: 'log', build: 'a', level: 'say', text: '' });
    bus.emit({ type: 'build-end', build: 'a', status: 'success', durationMs: 1, artifacts: [] });
    expect(text.split('\n').slice(0, 6)).toEqual(['    a:', '    a: b', '    a: one', '    a: ', '    a: two', '==> a:']);
  });

  it("the log file's lines end as the terminal's do: the end of each message is trimmed", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-logfile-'));
    try {
      const logs = logFiles(dir, () => {});
      logs.subscriber({ type: 'build-start', build: 'a', builderType: 'null', steps: [], time: 0 });
      for (const text of ['', 'b   ', 'one\n\ntwo  ']) logs.subscriber({ type: 'log', build: 'a', level: 'message', text, time: 0 });
      logs.close();
      const lines = readFileSync(join(dir, 'a.log'), 'utf8').split('\n').slice(1, 6).map((l) => l.replace(/^\S+ /, ''));
      expect(lines).toEqual(['    a:', '    a: b', '    a: one', '    a: ', '    a: two']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no colour codes when colour is off, and prefixes timestamps when asked', () => {
    const plain = drive({ color: false, timestamp: false });
    expect(plain).not.toContain('\x1b[');
    expect(plain).not.toContain('output will be in this color');
    const stamped = drive({ color: false, timestamp: true }).trim().split('\n');
    for (const l of stamped) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d): /);
  });
});

describe('formats', () => {
  it('prints durations as Packer does', () => {
    expect(formatDuration(2415)).toBe('2 seconds 415 milliseconds');
    expect(formatDuration(9.329)).toBe('9 milliseconds 329 microseconds');
    expect(formatDuration(1000)).toBe('1 second');
    expect(formatDuration(61_001)).toBe('1 minute 1 second');
    expect(formatDuration(0.003)).toBe('3 microseconds');
  });

  it('parses Go durations', () => {
    expect(decodeDuration('1m30s')).toBe(90_000);
    expect(decodeDuration('500ms')).toBe(500);
    // Packer 1.6.6: a string needs a unit; a JSON number is nanoseconds.
    expect(decodeDuration('2')).toBeUndefined();
    expect(decodeDuration(2_000_000_000)).toBe(2000);
    expect(decodeDuration('soon')).toBeUndefined();
    expect(goDuration(90_000)).toBe('1m30s');
    expect(goDuration(500)).toBe('500ms');
  });

  it('stamps lines in Go RFC3339 like Packer', () => {
    const d = new Date(2026, 0, 2, 3, 4, 5);
    const off = -d.getTimezoneOffset();
    expect(rfc3339(d)).toMatch(off === 0 ? /^2026-01-02T03:04:05Z$/ : /^2026-01-02T03:04:05[+-]\d\d:\d\d$/);
  });

  it('escapes machine-readable data like Packer', () => {
    expect(escapeMachine('a, b\nc')).toBe('a%!(PACKER_COMMA) b\\nc');
  });
});

describe('pack build flags', () => {
  const wd = workdir();
  afterAll(() => wd.remove());
  const path = wd.write('t.json', {
    builders: [{ type: 'null', name: 'x', communicator: 'none' }],
    provisioners: [{ type: 'shell-local', inline: ['echo hi'] }, { type: 'breakpoint', note: 'look around' }, { type: 'sleep', duration: '10ms' }],
  });

  it('-timestamp-ui stamps every build line; breakpoint without a terminal continues', async () => {
    const r = await runPack(['build', '-timestamp-ui', path], { cwd: wd.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d):     x: hi$/m);
    expect(r.stdout).toMatch(/==> x: Pausing at breakpoint provisioner with note "look around"\./);
    expect(r.stdout).toContain('No terminal to pause at; continuing.');
  });

  it('-log-dir writes each build\'s log and -machine-readable prints no colour', async () => {
    const r = await runPack(['build', '-machine-readable', '-log-dir=logs', path], { cwd: wd.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b[');
    const { readFileSync } = await import('node:fs');
    const log = readFileSync(`${wd.dir}/logs/x.log`, 'utf8');
    expect(log).toMatch(/step provision:0 started: shell-local: inline: 1 command/);
    expect(log).toMatch(/    x: hi/);
    expect(log).toMatch(/Build 'x' finished after/);
  });

  it('needs exactly one template', async () => {
    const r = await runPack(['build'], { cwd: wd.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pack build takes one template path');
  });
});
