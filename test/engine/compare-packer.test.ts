// pack's plain output has the same structure as Packer 1.6.6's, line for line: the same
// prefixes, indentation, per-build closing lines and closing list. Both run the same template
// one build at a time (so the order is fixed); durations and temp script names are normalised.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runPack } from '../helpers/pack.js';
import { normalise, requireTool, sortClosingLists, workdir } from './tools.js';

const exec = promisify(execFile);
const wd = workdir();
afterAll(() => wd.remove());

const template = {
  builders: [
    { type: 'null', name: 'a', communicator: 'none' },
    { type: 'null', name: 'b', communicator: 'none' },
    { type: 'file', name: 'f', target: 'f.txt', content: 'x' },
  ],
  provisioners: [
    { type: 'shell-local', inline: ['echo hello, there', "printf 'two\\nlines\\n'"] },
    // stderr in a script of its own: two pipes interleave differently from run to run.
    { type: 'shell-local', inline: ['echo to-stderr >&2'] },
    { type: 'shell-local', only: ['b'], inline: ['echo failing', 'exit 7'] },
    {
      type: 'shell-local',
      only: ['a'],
      environment_vars: ['FOO=bar baz'],
      inline: ['echo $FOO $PACKER_BUILD_NAME $PACKER_BUILDER_TYPE'],
    },
  ],
  'error-cleanup-provisioner': { type: 'shell-local', inline: ['echo cleaning up'] },
  'post-processors': [
    [
      { type: 'checksum', checksum_types: ['sha1'], output: '{{.BuildName}}.sum' },
      { type: 'compress', output: '{{.BuildName}}.tar.gz' },
    ],
    { type: 'manifest' },
  ],
};

describe('plain output compared with packer 1.6.6', () => {
  it('has the same lines once durations and temp names are normalised', async () => {
    const packer = requireTool('packer');
    const path = wd.write('cmp.json', template);
    const p = await exec(packer, ['build', '-parallel-builds=1', '-color=false', path], { cwd: wd.dir }).catch(
      (e: { stdout: string; code: number }) => e,
    );
    const q = await runPack(['build', '-parallel-builds=1', '-color=false', path], { cwd: wd.dir });
    expect(q.code).toBe(1);
    // Packer's compress names its parallel gzip library; pack says which gzip level it uses.
    const expected = sortClosingLists(
      normalise(p.stdout)
        .replace(/Using pgzip compression with \d+ cores for/g, 'Using gzip compression (level 6) for')
        .replace(/with pgzip/g, 'with gzip')
        .split('\n'),
    );
    const actual = sortClosingLists(normalise(q.stdout).split('\n'));
    expect(actual).toEqual(expected);
    expect(actual).toContain("Build 'b' errored after DURATION: Script exited with non-zero exit status: 7.Allowed exit codes are: [0]");
  });

  it.each(['abort', 'run-cleanup-provisioner'])('-on-error=%s prints the same lines as packer', async (mode) => {
    const packer = requireTool('packer');
    const path = wd.write(`on-error-${mode}.json`, {
      builders: [{ type: 'null', name: 'x', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['echo working', 'exit 7'] }],
      'error-cleanup-provisioner': { type: 'shell-local', inline: ['echo cleaning'] },
    });
    const p = await exec(packer, ['build', '-color=false', `-on-error=${mode}`, path], { cwd: wd.dir }).catch(
      (e: { stdout: string }) => e,
    );
    const q = await runPack(['build', '-color=false', `-on-error=${mode}`, path], { cwd: wd.dir });
    expect(q.code).toBe(1);
    // Packer names its Go step types ("StepProvision"); pack names its steps in words.
    const clean = (t: string) => normalise(t).replace(/([Ss]tep) "[^"]+"/g, '$1 "S"').split('\n');
    expect(clean(q.stdout)).toEqual(clean(p.stdout));
  });

  it('-machine-readable has the same lines as packer', async () => {
    const packer = requireTool('packer');
    const path = wd.write('mr.json', {
      builders: [{ type: 'null', name: 'a', communicator: 'none' }, { type: 'null', name: 'b', communicator: 'none' }],
      provisioners: [
        { type: 'shell-local', inline: ['echo hello, there'] },
        { type: 'shell-local', only: ['b'], inline: ['exit 3'] },
      ],
    });
    const p = await exec(packer, ['build', '-parallel-builds=1', '-machine-readable', path], { cwd: wd.dir }).catch(
      (e: { stdout: string }) => e,
    );
    const q = await runPack(['build', '-parallel-builds=1', '-machine-readable', path], { cwd: wd.dir });
    expect(q.code).toBe(1);
    const clean = (t: string) => normalise(t).split('\n');
    // Machine-readable closing lines also come from Packer's map: compare them as sets.
    expect(clean(q.stdout).sort()).toEqual(clean(p.stdout).sort());
    expect(clean(q.stdout).slice(0, 6)).toEqual(clean(p.stdout).slice(0, 6));
  });
});
