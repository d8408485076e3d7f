// The shared builder steps end to end in one QEMU boot: `pack build sub/t.json` from the folder
// above finds iso_checksum's "file:SHA256SUMS" and http_directory beside the template (as
// `pack validate` does), and the shell-local and shell provisioners see PACKER_HTTP_ADDR as
// Packer sets it for qemu's user network (10.0.2.2:PORT, the port the HTTP server took).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureGuest, type Guest } from '../fixtures/guest/guest.js';
import { runPack, stripAnsi } from '../helpers/pack.js';
import { requireTools } from '../helpers/require-tools.js';

let guest: Guest;
let dir: string;

beforeAll(() => {
  requireTools(['qemu-system-x86_64', 'qemu-img']);
  guest = ensureGuest();
  dir = mkdtempSync(join(tmpdir(), 'pack-qemu-shared-'));
  const sub = join(dir, 'sub');
  mkdirSync(join(sub, 'www'), { recursive: true });
  writeFileSync(join(sub, 'www', 'hello.txt'), 'hello from beside the template\n');
  const sum = createHash('sha256').update(readFileSync(guest.disk)).digest('hex');
  writeFileSync(join(sub, 'SHA256SUMS'), `${'0'.repeat(64)}  other.img\n${sum}  ${basename(guest.disk)}\n`);
  const template = {
    builders: [
      {
        type: 'qemu', name: 'shared', iso_url: guest.disk, iso_checksum: 'file:SHA256SUMS', disk_image: true, format: 'qcow2',
        accelerator: 'tcg', headless: true, memory: 256, boot_wait: '0s', http_directory: 'www',
        communicator: 'ssh', ssh_username: 'root', ssh_password: guest.password, ssh_file_transfer_method: 'sftp', ssh_timeout: '5m',
        qemuargs: [['-kernel', guest.kernel], ['-initrd', guest.initrd], ['-append', 'console=ttyS0 quiet pack.ssh=1']],
        shutdown_command: 'poweroff -f',
      },
    ],
    provisioners: [
      { type: 'shell-local', inline: ['echo "local sees $PACKER_HTTP_ADDR ip=$PACKER_HTTP_IP port=$PACKER_HTTP_PORT"'] },
      { type: 'shell', inline: ['echo "remote sees $PACKER_HTTP_ADDR"', 'wget -q -O - "http://$PACKER_HTTP_ADDR/hello.txt"'] },
    ],
  };
  writeFileSync(join(sub, 't.json'), JSON.stringify(template, null, 2));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('pack build sub/t.json: file: checksum list and http_directory beside the template; PACKER_HTTP_ADDR in shell-local and shell', async () => {
  const v = await runPack(['validate', 'sub/t.json'], { cwd: dir });
  expect(v.code, v.stdout + v.stderr).toBe(0);
  const r = await runPack(['build', '-color=false', 'sub/t.json'], { cwd: dir, timeoutMs: 400_000 });
  const out = stripAnsi(r.stdout + r.stderr);
  expect(out, out).toContain("Build 'shared' finished");
  const port = /Starting HTTP server on port (\d+)/.exec(out)?.[1];
  expect(port, out).toBeDefined();
  expect(out).toContain(`local sees 10.0.2.2:${port} ip=10.0.2.2 port=${port}`);
  expect(out).toContain(`remote sees 10.0.2.2:${port}`);
  expect(out).toContain('hello from beside the template');
  expect(out).toContain('HTTP GET /hello.txt 200');
}, 420_000);
