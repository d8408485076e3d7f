// `pack validate` and `pack inspect` with builds that run through Packer: pack checks its own builds,
// Debian's Packer 1.6.6 (`packer validate`) the others, and both lists come out as one, in pack's form.
// Needs `npm run build` first.
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack } from '../helpers/pack.js';
import { requireTool } from '../helpers/sshd.js';
import { packerProblems, pluginAdvice } from '../../src/packer-engine/validate.js';
import type { Template } from '../../src/template/model.js';

let dir: string;
beforeAll(() => {
  requireTool('/usr/bin/packer', 'packer');
  dir = mkdtempSync(join(tmpdir(), 'pack-packer-validate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

test("one list: pack's problem in its native build, Packer's in the amazon-ebs build, each at its build", async () => {
  const path = write(
    'mixed.json',
    JSON.stringify(
      {
        builders: [
          { type: 'amazon-ebs', name: 'aws', region: 'eu-west-1', instance_type: 't3.micro', ssh_username: 'admin', source_ami: 'ami-12345678' },
          { type: 'null', name: 'local', communicator: 'ssh', ssh_host: '127.0.0.1', ssh_port: 'twenty-two' },
        ],
      },
      null,
      2,
    ),
  );
  const r = await runPack(['validate', path], { cwd: dir });
  expect(r.code).toBe(1);
  // pack's two on the null build (authentication, ssh_port), Packer's two ami_name items on aws.
  expect(r.stderr).toMatch(/Error: 4 errors occurred:/);
  expect(r.stderr).toMatch(/mixed\.json:11:5: builders\[1\] \(local\): one authentication method must be specified/);
  expect(r.stderr).toMatch(/mixed\.json:3:5: build "aws": ami_name must be specified \(packer validate\)/);
  expect(r.stderr).toMatch(/mixed\.json:\d+:\d+: .*ssh_port/);
});

test('an HCL2 source Packer refuses: its file and line', async () => {
  const path = write(
    'hv.pkr.hcl',
    ['source "null" "x" { communicator = "none" }', 'source "virtualbox-iso" "vb" { bogus = 1 }', 'build { sources = ["source.null.x", "source.virtualbox-iso.vb"] }', ''].join('\n'),
  );
  const r = await runPack(['validate', path], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('hv.pkr.hcl:2: Unsupported argument: An argument named "bogus" is not expected here. (packer validate)');
  // -except leaves the Packer build out: pack alone validates the rest, silently.
  const native = await runPack(['validate', '-except=virtualbox-iso.vb', path], { cwd: dir });
  expect(native.code, native.stderr).toBe(0);
  expect(native.stdout + native.stderr).toBe('');
});

test('a type neither pack nor Packer knows: pack says "did you mean" once, Packer is not asked to repeat the rest', async () => {
  const path = write(
    'typo.json',
    JSON.stringify({
      builders: [{ type: 'nul', communicator: 'none' }, { type: 'null', name: 'b', communicator: 'none' }],
      provisioners: [{ type: 'shell-local', inline: ['echo'], only: ['zz'] }],
    }),
  );
  const r = await runPack(['validate', path], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('unknown builder type "nul". Did you mean "null"?');
  expect(r.stderr).toContain("'only' names build \"zz\"");
  expect(r.stderr).not.toContain('packer validate');
  expect(r.stderr).toMatch(/Error: 2 errors occurred:/);
});

test('a valid template with a Packer build validates silently; inspect marks the build', async () => {
  const path = write(
    'ok.json',
    JSON.stringify({
      builders: [{ type: 'null', name: 'srv', communicator: 'none' }, { type: 'null', name: 'local', communicator: 'none' }],
      provisioners: [{ type: 'windows-restart', only: ['srv'] }],
    }),
  );
  // windows-restart over communicator none is Packer's to judge: 1.6.6 accepts it at validate time.
  const r = await runPack(['validate', path], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout + r.stderr).toBe('');
  const i = await runPack(['inspect', path], { cwd: dir });
  expect(i.stdout).toMatch(/ {2}srv .*\[runs through Packer: windows-restart\]/);
  expect(i.stdout).not.toMatch(/local .*runs through Packer/);
  // Without Packer: the way forward, exit 1.
  const bin = join(dir, 'empty-bin');
  mkdirSync(bin, { recursive: true });
  const none = await runPack(['validate', path], { cwd: dir, env: { PATH: bin, PACKER_BIN: undefined } });
  expect(none.code).toBe(1);
  expect(none.stderr).toContain('build "srv": provisioner "windows-restart"');
  expect(none.stderr).toContain('-except=srv');
});

describe("reading Packer's answers", () => {
  const template = { path: '/t/x.json' } as Template;
  it('gives one problem per item of a build Packer could not prepare, multi-line items joined', () => {
    const text = [
      'Error: Failed to prepare build: "vb"',
      '',
      '2 error(s) occurred:',
      '',
      '* One of iso_url or iso_urls must be specified',
      '* An ssh_username must be specified',
      '  Note: some builders used to default ssh_username to "root".',
      '',
      '',
    ].join('\n');
    expect(packerProblems(text, template, [])).toEqual([
      { message: 'One of iso_url or iso_urls must be specified (packer validate)', pos: { file: '/t/x.json' }, field: 'build "vb"' },
      { message: 'An ssh_username must be specified Note: some builders used to default ssh_username to "root". (packer validate)', pos: { file: '/t/x.json' }, field: 'build "vb"' },
    ]);
  });

  it("gives one problem per item of a template-level list, without Packer's count", () => {
    const text = 'Error: \n\n2 errors occurred:\n\t* provisioner 2: \'only\' specified builder \'zz\' not found\n\t* another\n\n\n\n';
    expect(packerProblems(text, template, [])).toEqual([
      { message: "provisioner 2: 'only' specified builder 'zz' not found (packer validate)", pos: { file: '/t/x.json' } },
      { message: 'another (packer validate)', pos: { file: '/t/x.json' } },
    ]);
  });

  it('tells Packer 1.6 from missing plugins', () => {
    const old = 'Error: Unsupported block type\n\n  on rp.pkr.hcl line 2, in packer:\n   2:   required_plugins {\n\nBlocks of type "required_plugins" are not expected here.\n';
    expect(pluginAdvice(old, '1.6.6', 'rp.pkr.hcl')).toMatch(/need Packer 1\.7 or later, and the Packer found is 1\.6\.6/);
    const missing = 'Error: Missing plugins\n\nThe following plugins are required, but not installed:\n\ngithub.com/hashicorp/amazon v1.0.0\n\nDid you run packer init for this project ?\n';
    expect(pluginAdvice(missing, '1.11.2', 'rp.pkr.hcl')).toBe('Packer 1.11.2 lacks plugins this template\'s required_plugins name: run "packer init rp.pkr.hcl" (or pack validate -init), then validate again');
    expect(pluginAdvice('Error: Unsupported argument', '1.11.2', 'x')).toBeUndefined();
  });
});
