// Builds run in parallel; -parallel-builds=1 runs them one after the other. Checked from the
// step timestamps of each build's log file (-log-dir), not from wall-clock thresholds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { workdir } from './tools.js';

const wd = workdir();
afterAll(() => wd.remove());

const template = wd.write('three.json', {
  builders: ['one', 'two', 'three'].map((name) => ({ type: 'null', name, communicator: 'none' })),
  provisioners: [{ type: 'sleep', duration: '1s' }],
});

/** The [start, end] of each build's sleep, from its log file. */
function sleeps(logDir: string): [number, number][] {
  return ['one', 'two', 'three'].map((b) => {
    const lines = readFileSync(join(logDir, `${b}.log`), 'utf8').split('\n');
    const at = (re: RegExp) => Date.parse(lines.find((l) => re.test(l))!.split(' ')[0]);
    return [at(/step provision:0 started/), at(/step provision:0 done/)];
  });
}

describe('parallel builds', () => {
  // A negative N is no limit, as in Packer 1.6.6 (which takes -parallel-builds=-1 and runs them all).
  it.each([[[]], [['-parallel-builds=-1']]])('runs three builds at once by default, and with %j', async (flags) => {
    const logDir = join(wd.dir, `logs-parallel${flags.length}`);
    const r = await runPack(['build', ...flags, `-log-dir=${logDir}`, template], { cwd: wd.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const spans = sleeps(logDir);
    // Every sleep started before any of them ended: they overlapped.
    const lastStart = Math.max(...spans.map(([s]) => s));
    const firstEnd = Math.min(...spans.map(([, e]) => e));
    expect(lastStart).toBeLessThan(firstEnd);
    expect(r.stdout).toMatch(/Build 'one' finished after/);
    expect(r.stdout).toMatch(/Build 'three' finished after/);
  });

  it('-parallel-builds=1 runs them one after the other', async () => {
    const logDir = join(wd.dir, 'logs-serial');
    const r = await runPack(['build', '-parallel-builds=1', `-log-dir=${logDir}`, template], { cwd: wd.dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const spans = sleeps(logDir).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });

  it('rejects a -parallel-builds that is not a number', async () => {
    const r = await runPack(['build', '-parallel-builds=many', template], { cwd: wd.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('-parallel-builds takes a whole number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
