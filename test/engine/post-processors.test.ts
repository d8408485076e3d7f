// Post-processors end to end through bin/pack, and the artifacts chains keep or destroy,
// compared with what packer 1.6.6 leaves behind for the same template.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { requireTool, workdir } from './tools.js';

const exec = promisify(execFile);
const wd = workdir();
afterAll(() => wd.remove());

function fresh(name: string): string {
  const dir = join(wd.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function pack(dir: string, template: object, args: string[] = []) {
  writeFileSync(join(dir, 't.json'), JSON.stringify(template));
  return runPack(['build', ...args, 't.json'], { cwd: dir });
}

const fileBuild = (content = 'hello\n') => [{ type: 'file', name: 'f', target: 'out/f.txt', content }];

describe('manifest', () => {
  it("writes Packer's format and appends runs", async () => {
    const dir = fresh('manifest');
    const template = {
      builders: fileBuild(),
      'post-processors': [{ type: 'manifest', output: 'm.json', custom_data: { team: 'blue' } }],
    };
    expect((await pack(dir, template)).code).toBe(0);
    expect((await pack(dir, template)).code).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    expect(Object.keys(m)).toEqual(['builds', 'last_run_uuid']);
    expect(m.builds).toHaveLength(2);
    const b = m.builds[1];
    expect(Object.keys(b)).toEqual(['name', 'builder_type', 'build_time', 'files', 'artifact_id', 'packer_run_uuid', 'custom_data']);
    expect(b).toMatchObject({ name: 'f', builder_type: 'file', files: [{ name: 'out/f.txt', size: 6 }], artifact_id: 'File', custom_data: { team: 'blue' } });
    expect(m.last_run_uuid).toBe(b.packer_run_uuid);
    expect(m.builds[0].packer_run_uuid).not.toBe(b.packer_run_uuid);
    expect(b.packer_run_uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('has the same keys and shape as the manifest packer writes (files null for an artifact without files)', async () => {
    const packer = requireTool('packer');
    const dir = fresh('manifest-packer');
    // The null builder's artifact has no files: Packer writes "files": null for it, not [].
    const builders = [...fileBuild(), { type: 'null', name: 'n', communicator: 'none' }];
    writeFileSync(join(dir, 't.json'), JSON.stringify({ builders, 'post-processors': ['manifest'] }));
    await exec(packer, ['build', '-color=false', 't.json'], { cwd: dir });
    const theirs = JSON.parse(readFileSync(join(dir, 'packer-manifest.json'), 'utf8'));
    const ours = await pack(fresh('manifest-pack'), { builders, 'post-processors': ['manifest'] });
    expect(ours.code).toBe(0);
    const mine = JSON.parse(readFileSync(join(wd.dir, 'manifest-pack', 'packer-manifest.json'), 'utf8'));
    // Builds run in parallel: the order of entries is whichever finished first.
    const shape = (m: { builds: Record<string, unknown>[] }) =>
      m.builds
        .map((b): Record<string, unknown> => ({ ...b, build_time: typeof b.build_time, packer_run_uuid: typeof b.packer_run_uuid }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(shape(theirs).map((b) => b.files)).toEqual([[{ name: 'out/f.txt', size: 6 }], null]);
    expect(shape(mine)).toEqual(shape(theirs));
  });

  it('strip_path keeps only file names', async () => {
    const dir = fresh('strip');
    await pack(dir, { builders: fileBuild(), 'post-processors': [{ type: 'manifest', strip_path: true }] });
    const m = JSON.parse(readFileSync(join(dir, 'packer-manifest.json'), 'utf8'));
    expect(m.builds[0].files).toEqual([{ name: 'f.txt', size: 6 }]);
  });

  it('strip_time leaves build_time out, as Packer', async () => {
    const dir = fresh('strip-time');
    const template = { builders: fileBuild(), 'post-processors': [{ type: 'manifest', strip_time: true }] };
    await pack(dir, template);
    const mine = JSON.parse(readFileSync(join(dir, 'packer-manifest.json'), 'utf8'));
    expect(Object.keys(mine.builds[0])).not.toContain('build_time');
    expect(mine.builds[0].name).toBe('f');
  });
});

describe('shell-local only_on', () => {
  it('skips the commands on another operating system', async () => {
    const dir = fresh('only-on');
    const r = await pack(dir, {
      builders: fileBuild(),
      provisioners: [
        { type: 'shell-local', inline: ['echo ran > other.txt'], only_on: ['windows'] },
        { type: 'shell-local', inline: ['echo ran > here.txt'], only_on: ['linux', 'darwin'] },
      ],
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Skipping shell-local due to OS/);
    expect(existsSync(join(dir, 'other.txt'))).toBe(false);
    expect(existsSync(join(dir, 'here.txt'))).toBe(true);
  });
});

describe('checksum', () => {
  it('writes "<hash>\\t<name>" for each type, named by the default pattern', async () => {
    const dir = fresh('checksum');
    const r = await pack(dir, {
      builders: fileBuild('abc'),
      'post-processors': [{ type: 'checksum', checksum_types: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] }],
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const t of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      const text = readFileSync(join(dir, `packer_f_file_${t}.checksum`), 'utf8');
      expect(text).toBe(`${createHash(t).update('abc').digest('hex')}\tf.txt\n`);
    }
  });
});

describe('compress', () => {
  const sources = { builders: fileBuild('compress me\n') };

  it.each(['tar.gz', 'tgz'])('.%s is a gzipped tar of the artifact files', async (ext) => {
    const dir = fresh(`c-${ext}`);
    const r = await pack(dir, { ...sources, 'post-processors': [{ type: 'compress', output: `a.${ext}` }] });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const tar = requireTool('tar');
    expect(execFileSync(tar, ['-xzOf', join(dir, `a.${ext}`), 'f.txt'], { encoding: 'utf8' })).toBe('compress me\n');
  });

  it('.zip is a zip archive', async () => {
    const dir = fresh('c-zip');
    const r = await pack(dir, { ...sources, 'post-processors': [{ type: 'compress', output: 'a.zip', compression_level: 9 }] });
    expect(r.code).toBe(0);
    const py = requireTool('python3');
    const listing = execFileSync(py, ['-c', 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.namelist(), z.read("f.txt").decode(), end="")', join(dir, 'a.zip')], { encoding: 'utf8' });
    expect(listing).toBe("['f.txt'] compress me\n");
  });

  it('.gz is the single file gzipped', async () => {
    const dir = fresh('c-gz');
    const r = await pack(dir, { ...sources, 'post-processors': [{ type: 'compress', output: 'a.gz', compression_level: 1 }] });
    expect(r.code).toBe(0);
    expect(gunzipSync(readFileSync(join(dir, 'a.gz'))).toString()).toBe('compress me\n');
  });

  it('an output with no known extension is a tar.gz, named like Packer', async () => {
    const dir = fresh('c-default');
    const r = await pack(dir, { ...sources, 'post-processors': ['compress'] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--> f: compressed artifacts in: packer_f_file');
    expect(gunzipSync(readFileSync(join(dir, 'packer_f_file'))).subarray(0, 5).toString()).toBe('f.txt');
  });
});

describe('chains and keep_input_artifact, as packer leaves them', () => {
  const cases: [string, unknown[]][] = [
    ['compress alone destroys the builder file', [{ type: 'compress', output: 'c.tar.gz' }]],
    ['keep_input_artifact keeps it', [{ type: 'compress', output: 'c.tar.gz', keep_input_artifact: true }]],
    [
      'checksum then compress destroys the checksum artifact and its files',
      [[{ type: 'checksum', output: 'sum.{{.ChecksumType}}' }, { type: 'compress', output: 'c.tar.gz' }]],
    ],
    [
      'two chains: manifest keeps the builder file for the other',
      [{ type: 'compress', output: 'c.zip' }, { type: 'manifest', output: 'm.json' }],
    ],
    ['a failing chain ends only itself', [[{ type: 'shell-local', inline: ['exit 3'] }, { type: 'compress', output: 'never.tgz' }], { type: 'manifest', output: 'm.json' }]],
  ];
  it.each(cases)('%s', async (name, pps) => {
    const packer = requireTool('packer');
    const template = {
      builders: [{ type: 'file', name: 'f', target: 'f.txt', content: 'data' }],
      'post-processors': pps,
    };
    const slug = name.replace(/\W+/g, '-');
    const theirs = fresh(`packer-${slug}`);
    writeFileSync(join(theirs, 't.json'), JSON.stringify(template));
    const p = await exec(packer, ['build', '-color=false', 't.json'], { cwd: theirs }).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    const ours = fresh(`pack-${slug}`);
    const r = await pack(ours, template);
    expect(r.code).toBe(p);
    const list = (d: string) => readdirSync(d).filter((f) => f !== 't.json').sort();
    expect(list(ours), r.stdout).toEqual(list(theirs));
    if (name.startsWith('a failing')) {
      expect(r.stdout).toContain('--> f: Post-processor failed: Script exited with non-zero exit status: 3');
      expect(existsSync(join(ours, 'm.json'))).toBe(true);
    }
  });
});

describe('artifice', () => {
  it('makes the listed files the artifact for the rest of the chain', async () => {
    const dir = fresh('artifice');
    writeFileSync(join(dir, 'extra.txt'), 'extra');
    const r = await pack(dir, {
      builders: fileBuild(),
      'post-processors': [[{ type: 'artifice', files: ['extra.txt'] }, { type: 'checksum', output: 'extra.sum' }]],
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'extra.sum'), 'utf8')).toBe(`${createHash('md5').update('extra').digest('hex')}\textra.txt\n`);
  });
});
