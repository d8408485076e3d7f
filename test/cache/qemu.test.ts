// pack build -cache with the qemu builder, booting the tiny test guest under TCG (two boots in
// all: a cold build and a rebuild). The cold build types boot_command and saves a snapshot of the
// running machine after connecting and after each provisioner; after the last provisioner is
// edited, the rebuild resumes the machine (-loadvm), types nothing, runs only the last
// provisioner, and its disk holds every provisioner's files. Prune leaves no snapshot file.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGuest, type Guest } from '../fixtures/guest/guest.js';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { alive, qemuPids, readFromImage, requireQemuTools } from '../helpers/qemu.js';

let guest: Guest;
let dir: string;
let cacheHome: string;

beforeAll(() => {
  requireQemuTools();
  guest = ensureGuest();
  dir = mkdtempSync(join(tmpdir(), 'pack-cache-qemu-'));
  cacheHome = join(dir, 'xdg-cache');
  writeFileSync(join(dir, 'up.txt'), 'two\n');
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function template(last: string): string {
  const path = join(dir, 'cached.json');
  const t = {
    builders: [
      {
        type: 'qemu',
        iso_url: guest.iso,
        iso_checksum: 'none',
        accelerator: 'tcg',
        headless: true,
        memory: 256,
        disk_size: '16M',
        format: 'raw',
        boot_wait: '8s',
        // Kernel arguments at isolinux's prompt: the guest starts dropbear by itself.
        boot_command: ['pack pack.ssh=1<enter>'],
        communicator: 'ssh',
        ssh_username: 'root',
        ssh_password: guest.password,
        ssh_file_transfer_method: 'sftp',
        ssh_timeout: '5m',
        shutdown_command: 'sync; umount /mnt; poweroff -f',
      },
    ],
    provisioners: [
      { type: 'shell', inline: ['mke2fs -q /dev/vda', 'mount /dev/vda /mnt', 'echo one > /mnt/1'] },
      { type: 'file', source: 'up.txt', destination: '/mnt/2' },
      { type: 'shell', inline: [`echo ${last} > /mnt/3`] },
    ],
  };
  writeFileSync(path, JSON.stringify(t, null, 2));
  return path;
}

async function build(path: string) {
  const r = await runPack(['build', '-color=false', '-force', '-cache', path], { cwd: dir, env: { XDG_CACHE_HOME: cacheHome }, timeoutMs: 400_000 });
  const out = stripAnsi(r.stdout + r.stderr);
  return { ...r, out, pids: qemuPids(out) };
}

describe('pack build -cache with the qemu builder', () => {
  test('a rebuild after editing the last provisioner resumes the machine and types no boot command', async () => {
    const cold = await build(template('three'));
    expect(cold.code, cold.out).toBe(0);
    expect(cold.out).toContain('Typing the boot command...');
    expect(cold.out).toMatch(/Build cache: nothing reused; 4 new points saved/);
    const image = join(dir, 'output-qemu', 'packer-qemu');
    expect(readFromImage(image, '/3')).toBe('three\n');

    const warm = await build(template('THREE'));
    expect(warm.code, warm.out).toBe(0);
    expect(warm.out).toContain('resuming the cached machine');
    expect(warm.out).not.toContain('Typing the boot command');
    expect([...warm.out.matchAll(/: cached/g)]).toHaveLength(2);
    expect(warm.out).toMatch(/Build cache: reused 2 of 3 provisioner steps/);
    expect(readFromImage(image, '/1')).toBe('one\n');
    expect(readFromImage(image, '/2')).toBe('two\n');
    expect(readFromImage(image, '/3')).toBe('THREE\n');
    for (const pid of [...cold.pids, ...warm.pids]) expect(alive(pid)).toBe(false);

    const qemuDir = join(cacheHome, 'pack', 'qemu');
    expect(readdirSync(qemuDir).filter((f) => f.endsWith('.qcow2'))).toHaveLength(1);
    const prune = await runPack(['cache', 'prune'], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toContain('Removed 5 points');
    expect(existsSync(qemuDir) ? readdirSync(qemuDir) : []).toEqual([]);
  }, 900_000);
});
