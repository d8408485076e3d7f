// `pack build` of qemu templates end to end under TCG, with the tiny guest from
// test/fixtures/guest: isolinux waits for "pack<enter>" (so boot_command must type), the boot
// command fetches a file from http_directory and starts dropbear, the shell and file
// provisioners write to the disk over SSH, shutdown_command powers off. The output image is
// then read with debugfs. Failures must leave no QEMU process and no output folder.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureGuest, type Guest } from '../fixtures/guest/guest.js';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { alive, qemuPids, readFromImage, requireQemuTools } from '../helpers/qemu.js';

let guest: Guest;
let dir: string;

beforeAll(() => {
  requireQemuTools();
  guest = ensureGuest();
  dir = mkdtempSync(join(tmpdir(), 'pack-qemu-build-'));
  mkdirSync(join(dir, 'www'));
  writeFileSync(join(dir, 'www', 'hello.txt'), 'hello from http_directory\n');
  writeFileSync(join(dir, 'up.txt'), 'uploaded by the file provisioner\n');
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeTemplate(name: string, builder: Record<string, unknown>, provisioners: unknown[] = []): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ builders: [{ type: 'qemu', name, ...builder }], provisioners }, null, 2));
  return path;
}

const iso = () => ({
  iso_url: guest.iso,
  iso_checksum: 'none',
  accelerator: 'tcg',
  headless: true,
  memory: 256,
  // SeaBIOS resets the keyboard while it starts: type at isolinux's prompt only once it is there.
  boot_wait: '8s',
});

// The guest needs ~10-25 s under TCG on a busy 2-core machine to reach its shell (60 s leaves
// room for a loaded CI machine); keys typed after the kernel opened the console wait in the
// tty's buffer, so a generous wait is safe.
// Only the first test types into the shell; the others pass kernel arguments at isolinux's
// prompt (pack.ssh=1...), as installers take url=/ks=, which does not depend on boot time.
const BOOT = 'pack<enter><wait60>';
const SSH = { communicator: 'ssh', ssh_username: 'root', ssh_file_transfer_method: 'sftp', ssh_timeout: '5m' };

describe('pack build with the qemu builder', () => {
  test('ISO: boot_command types, http_directory serves, provisioners write to the raw disk', async () => {
    const path = writeTemplate(
      'iso',
      {
        ...iso(),
        ...SSH,
        ssh_password: guest.password,
        disk_size: '64M',
        format: 'raw',
        http_directory: 'www',
        boot_command: [BOOT, 'wget -O /root/hello.txt http://{{.HTTPIP}}:{{.HTTPPort}}/hello.txt; dropbear<enter>'],
        shutdown_command: 'sync; umount /mnt; poweroff -f',
      },
      [
        { type: 'shell', inline: ['mke2fs -q /dev/vda', 'mount /dev/vda /mnt', 'cp /root/hello.txt /mnt/', 'echo provisioned > /mnt/marker'] },
        { type: 'file', source: 'up.txt', destination: '/mnt/up.txt' },
      ],
    );
    const r = await runPack(['build', '-color=false', path], { cwd: dir, timeoutMs: 400_000 });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(out, out).toContain("Build 'iso' finished");
    expect(r.code).toBe(0);
    expect(out).toContain('Typing the boot command...');
    expect(out).toContain('HTTP GET /hello.txt 200');
    expect(out).toContain('Connected to SSH!');
    expect(out).toContain('--> iso: VM files in directory: output-iso');
    const image = join(dir, 'output-iso', 'packer-iso');
    expect(readFromImage(image, '/hello.txt')).toBe('hello from http_directory\n');
    expect(readFromImage(image, '/marker')).toBe('provisioned\n');
    expect(readFromImage(image, '/up.txt')).toBe('uploaded by the file provisioner\n');
    const pids = qemuPids(out);
    expect(pids).toHaveLength(1);
    expect(alive(pids[0])).toBe(false);
  }, 420_000);

  test('disk_image (qcow2) booted by qemuargs, temporary key served as {{.SSHPublicKey}} from http_content, -force over an old output; pack build sub/t.json finds iso_checksum "file:SHA256SUMS" and http_directory beside the template; shell-local and shell see PACKER_HTTP_ADDR', async () => {
    mkdirSync(join(dir, 'output-disk'), { recursive: true });
    writeFileSync(join(dir, 'output-disk', 'stale'), 'old build');
    // Beside the template only (pack runs from the folder above): the checksum list and http_directory.
    const sub = join(dir, 'sub');
    mkdirSync(join(sub, 'www-beside'), { recursive: true });
    writeFileSync(join(sub, 'www-beside', 'beside.txt'), 'served from beside the template\n');
    const sum = createHash('sha256').update(readFileSync(guest.disk)).digest('hex');
    writeFileSync(join(sub, 'SHA256SUMS'), `${'0'.repeat(64)}  other.img\n${sum}  ${basename(guest.disk)}\n`);
    const written = writeTemplate(
      'disk',
      {
        ...iso(),
        ...SSH,
        iso_url: guest.disk,
        iso_checksum: 'file:SHA256SUMS',
        disk_image: true,
        format: 'qcow2',
        http_directory: 'www-beside',
        http_content: { '/note.txt': 'served from http_content\n', '/authorized_keys': '{{.SSHPublicKey}}\n' },
        boot_wait: '0s',
        // No boot_command: the kernel arguments fetch the note and the temporary key, and start dropbear.
        qemuargs: [
          ['-kernel', guest.kernel],
          ['-initrd', guest.initrd],
          ['-append', 'console=ttyS0 console=tty0 quiet pack.fetch=http://{{.HTTPIP}}:{{.HTTPPort}}/note.txt pack.keys=http://{{.HTTPIP}}:{{.HTTPPort}}/authorized_keys pack.ssh=1'],
        ],
        shutdown_command: 'sync; umount /mnt; poweroff -f',
      },
      [
        { type: 'shell-local', inline: ['echo "local sees $PACKER_HTTP_ADDR ip=$PACKER_HTTP_IP port=$PACKER_HTTP_PORT"'] },
        {
          type: 'shell',
          inline: ['echo "remote sees $PACKER_HTTP_ADDR"', 'wget -q -O - "http://$PACKER_HTTP_ADDR/beside.txt"', 'mount /dev/vda /mnt', 'cp /root/note.txt /mnt/note.txt', 'test -f /mnt/README'],
        },
      ],
    );
    const path = join(sub, 't.json');
    // The artifact feeds post-processors: checksum and compress work on the disk image.
    const t = JSON.parse(readFileSync(written, 'utf8'));
    t['post-processors'] = [[{ type: 'checksum', checksum_types: ['sha256'], output: 'disk.{{.ChecksumType}}' }], [{ type: 'compress', output: 'disk.tar.gz', keep_input_artifact: true }]];
    writeFileSync(path, JSON.stringify(t));
    rmSync(written);
    // Packer's validate refuses an existing output folder, as pack's does; -force is a build's flag.
    const v = await runPack(['validate', 'sub/t.json'], { cwd: dir });
    expect(v.code, v.stdout + v.stderr).toBe(1);
    expect(v.stderr).toContain('output-disk already exists');
    rmSync(join(dir, 'output-disk', 'stale'));
    rmSync(join(dir, 'output-disk'), { recursive: true });
    const valid = await runPack(['validate', 'sub/t.json'], { cwd: dir });
    expect(valid.code, valid.stdout + valid.stderr).toBe(0);
    mkdirSync(join(dir, 'output-disk'), { recursive: true });
    writeFileSync(join(dir, 'output-disk', 'stale'), 'old build');
    const r = await runPack(['build', '-color=false', '-force', 'sub/t.json'], { cwd: dir, timeoutMs: 400_000 });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(out, out).toContain("Build 'disk' finished");
    expect(r.code).toBe(0);
    const port = /Starting HTTP server on port (\d+)/.exec(out)?.[1];
    expect(out).toContain(`local sees 10.0.2.2:${port} ip=10.0.2.2 port=${port}`);
    expect(out).toContain(`remote sees 10.0.2.2:${port}`);
    expect(out).toContain('served from beside the template');
    const image = join(dir, 'output-disk', 'packer-disk');
    expect(existsSync(join(dir, 'output-disk', 'stale'))).toBe(false);
    expect(JSON.parse(execFileSync('qemu-img', ['info', '--output=json', image], { encoding: 'utf8' })).format).toBe('qcow2');
    expect(readFromImage(image, '/note.txt', 'qcow2')).toBe('served from http_content\n');
    expect(readFromImage(image, '/README', 'qcow2')).toBe('made by build-guest.sh\n');
    const imageSum = createHash('sha256').update(readFileSync(image)).digest('hex');
    expect(readFileSync(join(dir, 'disk.sha256'), 'utf8')).toContain(imageSum);
    const listing = execFileSync('tar', ['-tzf', join(dir, 'disk.tar.gz')], { encoding: 'utf8' });
    expect(listing).toContain('packer-disk');
    expect(qemuPids(out).every((p) => !alive(p))).toBe(true);
  }, 420_000);
});

describe('qemu build failures', () => {
  test('a wrong checksum stops before QEMU starts and leaves no output', async () => {
    const path = writeTemplate('badsum', { ...iso(), communicator: 'none', iso_checksum: `sha256:${'1'.repeat(64)}` });
    const r = await runPack(['build', '-color=false', path], { cwd: dir });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toMatch(/iso_checksum: .*pack-guest\.iso has sha256 [0-9a-f]{64}, but the template expects 1{64}/);
    expect(qemuPids(out)).toEqual([]);
    expect(existsSync(join(dir, 'output-badsum'))).toBe(false);
    expect(out).not.toMatch(/\n\s+at /);
  });

  test('an ISO that does not exist', async () => {
    const path = writeTemplate('noiso', { ...iso(), communicator: 'none', iso_url: 'missing.iso' });
    const r = await runPack(['build', '-color=false', path], { cwd: dir });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toContain(`iso_url: ${join(dir, 'missing.iso')} does not exist`);
    expect(existsSync(join(dir, 'output-noiso'))).toBe(false);
  });

  test('floppy_files (accepted by validate, as Packer) is refused at build time with a clear message', async () => {
    const path = writeTemplate('floppy', { ...iso(), communicator: 'none', floppy_files: [join(dir, 'up.txt')] });
    const r = await runPack(['build', '-color=false', path], { cwd: dir });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toContain("floppy_files: not supported by pack's qemu builder yet");
    expect(qemuPids(out)).toEqual([]);
  });

  test('a qemu_binary that is not installed', async () => {
    const path = writeTemplate('nobinary', { ...iso(), communicator: 'none', qemu_binary: '/nonexistent/qemu-system-x86_64' });
    const r = await runPack(['build', '-color=false', path], { cwd: dir });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toContain('qemu_binary: /nonexistent/qemu-system-x86_64 is not installed');
    expect(existsSync(join(dir, 'output-nobinary'))).toBe(false);
  });

  test('no SSH within ssh_timeout: QEMU is stopped, the output removed', async () => {
    // No boot_command: the machine sits at isolinux's prompt and never answers SSH.
    const path = writeTemplate('nossh', { ...iso(), ...SSH, ssh_password: 'x', ssh_timeout: '15s', disk_size: '16M' });
    const r = await runPack(['build', '-color=false', path], { cwd: dir, timeoutMs: 200_000 });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toMatch(/[Tt]imeout/);
    const pids = qemuPids(out);
    expect(pids).toHaveLength(1);
    expect(alive(pids[0])).toBe(false);
    expect(existsSync(join(dir, 'output-nossh'))).toBe(false);
  }, 240_000);

  test('a shutdown that never completes: shutdown_timeout ends it with a clear message', async () => {
    const path = writeTemplate('noshutdown', {
      ...iso(),
      ...SSH,
      ssh_password: guest.password,
      disk_size: '16M',
      boot_command: ['pack pack.ssh=1<enter>'],
      shutdown_command: 'true',
      shutdown_timeout: '5s',
    });
    const r = await runPack(['build', '-color=false', path], { cwd: dir, timeoutMs: 400_000 });
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toContain('the machine did not stop within shutdown_timeout (5s) after shutdown_command "true"');
    const pids = qemuPids(out);
    expect(pids).toHaveLength(1);
    expect(alive(pids[0])).toBe(false);
    expect(existsSync(join(dir, 'output-noshutdown'))).toBe(false);
  }, 420_000);
});
