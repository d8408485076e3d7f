// The vagrant post-processor: a qemu build's disk becomes a libvirt box that Debian's vagrant
// accepts (`vagrant box add`), a docker image a docker box, and other artifacts a clear error.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { poweroffGuest } from '../helpers/poweroff-guest.js';
import { requireTool } from '../helpers/sshd.js';

let dir: string;
beforeAll(() => {
  requireTool('/usr/bin/vagrant', 'vagrant');
  requireTool('/usr/bin/qemu-img', 'qemu-utils');
  dir = mkdtempSync(join(tmpdir(), 'pack-vagrant-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function tarList(box: string): string[] {
  return execFileSync('tar', ['-tzf', box], { encoding: 'utf8' }).trim().split('\n').sort();
}

test('a qemu build that powers itself off becomes a libvirt box that vagrant box add accepts', async () => {
  const guest = poweroffGuest(dir);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'base.qcow2'), '64M']);
  writeFileSync(join(dir, 'Vagrantfile.extra'), '# built by {{.BuildName}} for {{.Provider}}\n');
  const template = join(dir, 'qemu.json');
  writeFileSync(
    template,
    JSON.stringify({
      builders: [
        {
          type: 'qemu',
          name: 'tiny',
          iso_url: join(dir, 'base.qcow2'),
          iso_checksum: 'none',
          disk_image: true,
          format: 'qcow2',
          disk_size: '64M',
          accelerator: 'tcg',
          headless: true,
          memory: 256,
          boot_wait: '0s',
          communicator: 'none',
          qemuargs: [['-kernel', guest.kernel], ['-initrd', guest.initrd], ['-append', guest.append]],
        },
      ],
      'post-processors': [{ type: 'vagrant', output: 'boxes/{{.BuildName}}-{{.Provider}}.box', vagrantfile_template: 'Vagrantfile.extra' }],
    }),
  );
  const r = await runPack(['build', '-color=false', template], { cwd: dir, timeoutMs: 300_000 });
  const out = stripAnsi(r.stdout + r.stderr);
  expect(r.code, out).toBe(0);
  expect(out).toContain("==> tiny (vagrant): Creating Vagrant box for 'libvirt' provider");
  expect(out).toContain("--> tiny: 'libvirt' provider box: boxes/tiny-libvirt.box");
  const box = join(dir, 'boxes', 'tiny-libvirt.box');
  expect(tarList(box)).toEqual(['Vagrantfile', 'box.img', 'metadata.json']);
  const unpacked = join(dir, 'unpacked');
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', box, '-C', unpacked]);
  expect(JSON.parse(readFileSync(join(unpacked, 'metadata.json'), 'utf8'))).toEqual({ provider: 'libvirt', format: 'qcow2', virtual_size: 1 });
  const vagrantfile = readFileSync(join(unpacked, 'Vagrantfile'), 'utf8');
  expect(vagrantfile).toContain('libvirt.driver = "qemu"');
  expect(vagrantfile).toContain('# built by tiny for libvirt');
  expect(JSON.parse(execFileSync('qemu-img', ['info', '--output=json', join(unpacked, 'box.img')], { encoding: 'utf8' })).format).toBe('qcow2');
  // The input artifact (the qemu output folder) is gone, as keep_input_artifact is false.
  expect(existsSync(join(dir, 'output-tiny'))).toBe(false);

  const home = join(dir, 'vagrant-home');
  mkdirSync(home);
  const added = execFileSync('vagrant', ['box', 'add', '--name', 'pack-tiny', '--provider', 'libvirt', box], {
    encoding: 'utf8',
    env: { ...process.env, HOME: home, VAGRANT_HOME: join(home, '.vagrant.d'), VAGRANT_CHECKPOINT_DISABLE: '1' },
  });
  expect(added).toContain("Successfully added box 'pack-tiny' (v0) for 'libvirt'");
  const list = execFileSync('vagrant', ['box', 'list'], { encoding: 'utf8', env: { ...process.env, HOME: home, VAGRANT_HOME: join(home, '.vagrant.d'), VAGRANT_CHECKPOINT_DISABLE: '1' } });
  expect(list).toMatch(/pack-tiny\s+\(libvirt, 0\)/);
}, 320_000);

test('artifice files box with provider_override; an artifact pack cannot box is a clear error', async () => {
  execFileSync('qemu-img', ['create', '-q', '-f', 'raw', join(dir, 'disk.img'), '1M']);
  writeFileSync(join(dir, 'notes.txt'), 'included\n');
  const template = join(dir, 'artifice.json');
  writeFileSync(
    template,
    JSON.stringify({
      builders: [{ type: 'null', communicator: 'none' }],
      'post-processors': [
        [
          { type: 'artifice', files: ['disk.img'] },
          { type: 'vagrant', provider_override: 'libvirt', compression_level: 0, include: ['notes.txt'], keep_input_artifact: true, vagrantfile_template: 'notes.txt' },
        ],
        [{ type: 'artifice', files: ['notes.txt'] }, { type: 'vagrant', output: 'never.box' }],
      ],
    }),
  );
  const r = await runPack(['build', '-color=false', template], { cwd: dir });
  const out = stripAnsi(r.stdout + r.stderr);
  expect(r.code).toBe(1);
  expect(out).toContain('When using an artifact created by the artifice post-processor, you need to set the provider_override option.');
  expect(existsSync(join(dir, 'never.box'))).toBe(false);
  const box = join(dir, 'packer_null_libvirt.box');
  // compression_level 0: a plain tar, its files in the order Packer's walk of the box folder gives them.
  expect(execFileSync('tar', ['-tf', box], { encoding: 'utf8' }).trim().split('\n')).toEqual(['Vagrantfile', 'box.img', 'metadata.json', 'notes.txt']);
  expect(execFileSync('tar', ['-xOf', box, 'metadata.json'], { encoding: 'utf8' })).toBe('{"format":"raw","provider":"libvirt","virtual_size":1}\n');
  // Packer's order of messages: what is copied in, then the custom Vagrantfile, then each file as it is compressed.
  const lines = out.split('\n').filter((l) => l.startsWith('    null (vagrant): '));
  expect(lines.map((l) => l.slice('    null (vagrant): '.length))).toEqual([
    'Copying from include: notes.txt',
    'Copying from artifact: disk.img',
    'Using custom Vagrantfile: notes.txt',
    'Compressing: Vagrantfile',
    'Compressing: box.img',
    'Compressing: metadata.json',
    'Compressing: notes.txt',
  ]);
  expect(existsSync(join(dir, 'disk.img'))).toBe(true);

  // An artifact no provider fits: the message says what pack can box.
  const fileTemplate = join(dir, 'file.json');
  writeFileSync(fileTemplate, JSON.stringify({ builders: [{ type: 'file', target: 'made.txt', content: 'x' }], 'post-processors': [{ type: 'vagrant' }] }));
  const other = await runPack(['build', '-color=false', fileTemplate], { cwd: dir });
  expect(other.code).toBe(1);
  expect(stripAnsi(other.stdout + other.stderr)).toMatch(/Unknown artifact type, can't build box: \S+\. pack boxes qemu disks \(libvirt\), docker images/);

  // An include that is not there: Packer's message, naming the file.
  writeFileSync(join(dir, 'no-include.json'), JSON.stringify({
    builders: [{ type: 'null', communicator: 'none' }],
    'post-processors': [[{ type: 'artifice', files: ['disk.img'] }, { type: 'vagrant', provider_override: 'libvirt', include: ['not-there.txt'], output: 'no-include.box', keep_input_artifact: true }]],
  }));
  const noInclude = await runPack(['build', '-color=false', join(dir, 'no-include.json')], { cwd: dir });
  expect(noInclude.code).toBe(1);
  expect(stripAnsi(noInclude.stdout + noInclude.stderr)).toContain('Post-processor failed: Error copying include file: not-there.txt: no such file');

  // A second run does not replace the box without -force, and says so before the build runs, not after it.
  const again = await runPack(['build', '-color=false', template], { cwd: dir });
  const againOut = stripAnsi(again.stdout + again.stderr);
  expect(again.code).toBe(1);
  expect(againOut).toContain(`the box packer_null_libvirt.box exists already: remove it, or build with -force to replace it`);
  expect(againOut).not.toContain('Running post-processor');
  const forced = await runPack(['build', '-color=false', '-force', '-only=null', template], { cwd: dir });
  expect(stripAnsi(forced.stdout + forced.stderr)).not.toContain('exists already');
});

test('{{.Architecture}} in output and the Vagrantfile (current Packer\'s vagrant plugin): this machine\'s, or the architecture field', async () => {
  execFileSync('qemu-img', ['create', '-q', '-f', 'raw', join(dir, 'arch.img'), '1M']);
  writeFileSync(join(dir, 'arch.rb'), '# for {{.Architecture}}\n');
  const template = join(dir, 'arch.json');
  const box = (extra: Record<string, unknown>) => ({ type: 'vagrant', provider_override: 'libvirt', output: 'arch/{{.BuildName}}-{{.Architecture}}.box', ...extra });
  writeFileSync(
    template,
    JSON.stringify({
      builders: [{ type: 'null', communicator: 'none' }],
      'post-processors': [
        [{ type: 'artifice', files: ['arch.img'] }, box({ keep_input_artifact: true, vagrantfile_template: 'arch.rb' })],
        [{ type: 'artifice', files: ['arch.img'] }, box({ keep_input_artifact: true, architecture: 'arm64' })],
      ],
    }),
  );
  const r = await runPack(['build', '-color=false', template], { cwd: dir });
  expect(r.code, stripAnsi(r.stdout + r.stderr)).toBe(0);
  const host = ({ x64: 'amd64', ia32: 'i386' } as Record<string, string>)[process.arch] ?? process.arch;
  expect(execFileSync('tar', ['-xzOf', join(dir, 'arch', `null-${host}.box`), 'Vagrantfile'], { encoding: 'utf8' })).toContain(`# for ${host}`);
  expect(existsSync(join(dir, 'arch', 'null-arm64.box'))).toBe(true);
});
