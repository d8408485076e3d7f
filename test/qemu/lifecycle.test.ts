// The qemu builder's other paths end to end: communicator none (the boot command installs and
// powers off by itself; the builder waits for it), and Ctrl-C in the middle of a boot.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGuest, type Guest } from '../fixtures/guest/guest.js';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { alive, qemuPids } from '../helpers/qemu.js';

let guest: Guest;
let dir: string;

beforeAll(() => {
  guest = ensureGuest();
  dir = mkdtempSync(join(tmpdir(), 'pack-qemu-life-'));
  writeFileSync(join(dir, 'payload.txt'), 'fetched by the installer\n');
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pidsIn = qemuPids;

test('communicator none: the boot command does the work and powers off; the compressed qcow2 keeps it', async () => {
  const template = {
    builders: [
      {
        type: 'qemu', name: 'none', communicator: 'none', iso_url: guest.iso, iso_checksum: 'none', accelerator: 'tcg',
        headless: true, memory: 256, boot_wait: '8s', disk_size: '32M', format: 'qcow2', disk_compression: true,
        http_directory: '.', shutdown_timeout: '5m',
        // Like an unattended installer: the kernel argument names a script, which installs and powers off.
        http_content: {
          '/install.sh': [
            'mke2fs -q /dev/vda && mount /dev/vda /mnt',
            'wget -O /mnt/payload.txt http://{{.HTTPIP}}:{{.HTTPPort}}/payload.txt',
            'umount /mnt && poweroff -f',
          ].join('\n'),
        },
        boot_command: ['pack pack.run=http://{{.HTTPIP}}:{{.HTTPPort}}/install.sh<enter>'],
      },
    ],
  };
  const path = join(dir, 'none.json');
  writeFileSync(path, JSON.stringify(template));
  const r = await runPack(['build', '-color=false', path], { cwd: dir, timeoutMs: 400_000 });
  const out = stripAnsi(r.stdout + r.stderr);
  expect(out, out).toContain("Build 'none' finished");
  expect(out).toContain('Waiting for shutdown...');
  expect(out).toContain('Compacting and compressing the disk...');
  const image = join(dir, 'output-none', 'packer-none');
  const raw = `${image}.raw`;
  execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', image, raw]);
  expect(execFileSync('debugfs', ['-R', 'cat /payload.txt', raw], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toBe(
    'fetched by the installer\n',
  );
  expect(pidsIn(out).every((p) => !alive(p))).toBe(true);
}, 420_000);

test('Ctrl-C while the machine boots: QEMU is stopped and the output removed', async () => {
  const template = {
    builders: [
      {
        type: 'qemu', name: 'cancel', communicator: 'ssh', ssh_username: 'root', ssh_password: 'x', ssh_timeout: '10m',
        iso_url: guest.iso, iso_checksum: 'none', accelerator: 'tcg', headless: true, memory: 256, boot_wait: '8s', disk_size: '16M',
      },
    ],
  };
  const path = join(dir, 'cancel.json');
  writeFileSync(path, JSON.stringify(template));
  let sent = false;
  const r = await runPack(['build', '-color=false', path], {
    cwd: dir,
    timeoutMs: 120_000,
    onSpawn: (child) => {
      pidOfPack = child.pid;
    },
    onStdout: (_chunk, soFar) => {
      if (!sent && soFar.includes('Waiting for SSH to become available')) {
        sent = true;
        setTimeout(() => process.kill(pidOfPack!, 'SIGINT'), 500);
      }
    },
  });
  const out = stripAnsi(r.stdout + r.stderr);
  expect(sent).toBe(true);
  expect(r.code).not.toBe(0);
  const pids = pidsIn(out);
  expect(pids).toHaveLength(1);
  expect(alive(pids[0])).toBe(false);
  expect(existsSync(join(dir, 'output-cancel'))).toBe(false);
}, 180_000);

let pidOfPack: number | undefined;

test('-on-error=abort: pack exits, the machine and its output are left for inspection', async () => {
  const template = {
    builders: [
      {
        type: 'qemu', name: 'abort', communicator: 'ssh', ssh_username: 'root', ssh_password: 'x', ssh_timeout: '5s',
        iso_url: guest.iso, iso_checksum: 'none', accelerator: 'tcg', headless: true, memory: 256, boot_wait: '1s', disk_size: '16M',
      },
    ],
  };
  const path = join(dir, 'abort.json');
  writeFileSync(path, JSON.stringify(template));
  const r = await runPack(['build', '-color=false', '-on-error=abort', path], { cwd: dir, timeoutMs: 120_000 });
  const out = stripAnsi(r.stdout + r.stderr);
  const pids = pidsIn(out);
  try {
    expect(r.signal, 'pack must exit by itself while QEMU runs on').toBe(null);
    expect(r.code).toBe(1);
    expect(pids).toHaveLength(1);
    expect(alive(pids[0])).toBe(true);
    expect(existsSync(join(dir, 'output-abort', 'packer-abort'))).toBe(true);
  } finally {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
}, 180_000);

test('HCL2: a qemu source with qemuargs, http_content and a shell provisioner builds the same way', async () => {
  const hcl = `
source "qemu" "hcl" {
  iso_url      = "${guest.disk}"
  iso_checksum = "none"
  disk_image   = true
  accelerator  = "tcg"
  headless     = true
  memory       = 256
  boot_wait    = "0s"
  http_content = {
    "/authorized_keys" = "{{ .SSHPublicKey }}\\n"
  }
  qemuargs = [
    ["-kernel", "${guest.kernel}"],
    ["-initrd", "${guest.initrd}"],
    ["-append", "console=tty0 quiet pack.keys=http://{{ .HTTPIP }}:{{ .HTTPPort }}/authorized_keys pack.ssh=1"],
  ]
  communicator              = "ssh"
  ssh_username              = "root"
  ssh_file_transfer_method  = "sftp"
  ssh_timeout               = "5m"
  shutdown_command          = "sync; umount /mnt; poweroff -f"
}

build {
  sources = ["source.qemu.hcl"]
  provisioner "shell" {
    inline = ["mount /dev/vda /mnt", "echo from-hcl > /mnt/hcl.txt"]
  }
}
`;
  const path = join(dir, 'q.pkr.hcl');
  writeFileSync(path, hcl);
  const r = await runPack(['build', '-color=false', path], { cwd: dir, timeoutMs: 400_000 });
  const out = stripAnsi(r.stdout + r.stderr);
  expect(out, out).toContain("Build 'qemu.hcl' finished");
  const image = join(dir, 'output-hcl', 'packer-hcl');
  const raw = `${image}.raw`;
  execFileSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', image, raw]);
  expect(execFileSync('debugfs', ['-R', 'cat /hcl.txt', raw], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })).toBe('from-hcl\n');
  expect(pidsIn(out).every((p) => !alive(p))).toBe(true);
}, 420_000);
