// Issue #17, data loss: nothing destroyed before the inputs are checked, -force never deletes
// the working or template folder, Packer's append/refuse rules, symlinks and modes kept, and
// Ctrl-C during compress stops at once and keeps the input. Each case runs the real CLI.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { expectEndedAfterSignal, expectNoCrash, expectTmpEmpty, runSignalled, scratch } from './tools.js';
import { unsafeRemovalReason } from '../../src/core/safe-remove.js';

const s = scratch();
afterAll(() => s.remove());

describe('-force and output folders', () => {
  it('qemu output_directory "." with -force and a missing ISO deletes nothing', async () => {
    const dir = join(s.dir, 'dot');
    mkdirSync(dir);
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    writeFileSync(join(dir, 't.json'), JSON.stringify({
      builders: [{ type: 'qemu', output_directory: '.', iso_url: 'missing.iso', iso_checksum: 'none', communicator: 'none' }],
    }));
    const r = await runPack(['build', '-force', 't.json'], { cwd: dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('output_directory: refusing to delete');
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 't.json'))).toBe(true);
    expectNoCrash(r);
  });

  it('qemu with -force and a missing ISO keeps the previous output folder (the ISO is checked first)', async () => {
    const dir = join(s.dir, 'iso-first');
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'out', 'old.qcow2'), 'previous image');
    writeFileSync(join(dir, 't.json'), JSON.stringify({
      builders: [{ type: 'qemu', output_directory: 'out', iso_url: 'missing.iso', iso_checksum: 'none', communicator: 'none' }],
    }));
    const r = await runPack(['build', '-force', 't.json'], { cwd: dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'out', 'old.qcow2'), 'utf8')).toBe('previous image');
    expectNoCrash(r);
    expectTmpEmpty(s);
  });

  it('the rule: never /, the working folder, the template folder or a parent of either', () => {
    const tdir = join(s.dir, 'tpl', 'deep');
    mkdirSync(tdir, { recursive: true });
    expect(unsafeRemovalReason('/')).toMatch(/root/);
    expect(unsafeRemovalReason(process.cwd())).toMatch(/working folder/);
    expect(unsafeRemovalReason(join(process.cwd(), '..'))).toMatch(/holds the working folder/);
    expect(unsafeRemovalReason(tdir, tdir)).toMatch(/template's folder/);
    expect(unsafeRemovalReason(join(s.dir, 'tpl'), tdir)).toMatch(/holds the template's folder/);
    expect(unsafeRemovalReason(join(s.dir, 'tpl-out'), tdir)).toBeUndefined();
  });
});

describe("Packer's rules for checksum, manifest and logs", () => {
  it('checksum appends to an existing file, as Packer does', async () => {
    const path = s.write('sum.json', {
      builders: [{ type: 'file', target: 'sum-out.txt', content: 'hi' }],
      'post-processors': [{ type: 'checksum', output: 'sums.txt', checksum_types: ['md5'] }],
    });
    writeFileSync(join(s.dir, 'sums.txt'), 'old line\n');
    const r = await runPack(['build', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(s.dir, 'sums.txt'), 'utf8')).toBe('old line\n49f68a5c8493ec2c0bf489821c21fc3b\tsum-out.txt\n');
  });

  it.each([
    ['a list', '[1,2,3]'],
    ['builds of the wrong type', '{"builds": "x"}'],
  ])('a manifest of another shape (%s): exit 1, the file left as it was', async (_what, text) => {
    const path = s.write('man.json', {
      builders: [{ type: 'null', communicator: 'none' }],
      'post-processors': [{ type: 'manifest', output: 'foreign.json' }],
    });
    writeFileSync(join(s.dir, 'foreign.json'), text);
    const r = await runPack(['build', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('foreign.json is not a Packer manifest');
    expect(readFileSync(join(s.dir, 'foreign.json'), 'utf8')).toBe(text);
    expectNoCrash(r);
  });

  it('-log-dir appends to an existing <build>.log, never truncates it', async () => {
    const path = s.write('log.json', { builders: [{ type: 'null', name: 'lg', communicator: 'none' }] });
    mkdirSync(join(s.dir, 'logs'));
    writeFileSync(join(s.dir, 'logs', 'lg.log'), 'an earlier run\n');
    const r = await runPack(['build', '-log-dir=logs', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const log = readFileSync(join(s.dir, 'logs', 'lg.log'), 'utf8');
    expect(log.startsWith('an earlier run\n')).toBe(true);
    expect(log).toContain("build lg (null)");
  });
});

describe('symlinks and modes', () => {
  it('fmt -write through a symlink rewrites the file it names, keeps the link and the 0600 mode', async () => {
    const real = join(s.dir, 'real.pkrvars.hcl');
    writeFileSync(real, 'a   =  1\n');
    chmodSync(real, 0o600);
    const link = join(s.dir, 'link.pkrvars.hcl');
    symlinkSync('real.pkrvars.hcl', link);
    const r = await runPack(['fmt', link], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real.pkrvars.hcl');
    expect(readFileSync(real, 'utf8')).toBe('a = 1\n');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });

  it('the file builder refuses a target that is a symlink, and the file it names is untouched', async () => {
    writeFileSync(join(s.dir, 'victim.txt'), 'untouched');
    symlinkSync('victim.txt', join(s.dir, 'fb-target.txt'));
    const path = s.write('fb.json', { builders: [{ type: 'file', target: 'fb-target.txt', content: 'new' }] });
    const r = await runPack(['build', path], { cwd: s.dir, env: { TMPDIR: s.tmp } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('target: fb-target.txt is a symbolic link');
    expect(readFileSync(join(s.dir, 'victim.txt'), 'utf8')).toBe('untouched');
    expect(lstatSync(join(s.dir, 'fb-target.txt')).isSymbolicLink()).toBe(true);
  });
});

describe('Ctrl-C during checksum', () => {
  it('stops hashing at once and keeps the input', async () => {
    // A sparse 3 GB file: hashing it takes seconds, writing it takes none.
    execFileSync('truncate', ['-s', '3G', join(s.dir, 'huge.img')]);
    const path = s.write('checksum-cancel.json', {
      builders: [{ type: 'null', communicator: 'none' }],
      'post-processors': [[
        { type: 'artifice', files: ['huge.img'] },
        { type: 'shell-local', inline: ['echo hashing now'] },
        { type: 'checksum', checksum_types: ['sha512'], output: 'huge.sum' },
      ]],
    });
    const r = await runSignalled(s, ['build', path], { when: 'hashing now', signal: 'SIGINT' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expectEndedAfterSignal(r);
    expect(statSync(join(s.dir, 'huge.img')).size).toBe(3 * 1024 ** 3);
    expectNoCrash(r);
    expectTmpEmpty(s);
  });
});

describe('Ctrl-C during compress', () => {
  it('stops at once, removes its temp file and keeps the input', async () => {
    // Random data at level 9 compresses slowly (tens of seconds): long enough to interrupt.
    execFileSync('sh', ['-c', `head -c 150000000 /dev/urandom > ${join(s.dir, 'big.bin')}`]);
    const path = s.write('compress.json', {
      builders: [{ type: 'file', source: 'big.bin', target: 'artifact.bin' }],
      'post-processors': [{ type: 'compress', output: 'artifact.bin.gz', compression_level: 9 }],
    });
    const r = await runSignalled(s, ['build', path], { when: 'Compressing artifact.bin.gz', signal: 'SIGINT' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Cancelling build after receiving interrupt');
    expectEndedAfterSignal(r);
    expect(statSync(join(s.dir, 'artifact.bin')).size).toBe(150_000_000);
    expect(existsSync(join(s.dir, 'artifact.bin.gz'))).toBe(false);
    expect(readdirSync(s.dir).filter((f) => f.endsWith('.tmp') && f !== '.tmp')).toEqual([]);
    expectNoCrash(r);
    expectTmpEmpty(s);
  });
});
