// Times a whole qemu build under TCG, pack vs Packer 1.6.6, on the same template: the tiny guest
// ISO (test/fixtures/guest), boot_command typed at isolinux's prompt and in the guest's shell,
// a file fetched from http_directory, a shell and a file provisioner over SSH, poweroff.
// Prints, per tool, the median time to "Connected to SSH!" and to the end, and pack/packer ratios.
// Run after `npm run build`: node bench/qemu.mjs [runs]   (default 1: each build boots a machine)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { median } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 1);
for (const [tool, pkg] of [['packer', 'packer'], ['qemu-system-x86_64', 'qemu-system-x86']]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench/qemu: needs ${tool} (Debian package ${pkg})`);
    process.exit(1);
  }
}
const { ensureGuest } = await tsImport('../test/fixtures/guest/guest.ts', import.meta.url);
const guest = ensureGuest();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-qemu-'));
mkdirSync(join(dir, 'www'));
writeFileSync(join(dir, 'www', 'hello.txt'), 'hello\n');
writeFileSync(join(dir, 'up.txt'), 'uploaded\n');
const template = join(dir, 'qemu.json');
writeFileSync(
  template,
  JSON.stringify({
    builders: [
      {
        type: 'qemu', name: 'b', iso_url: guest.iso, iso_checksum: 'none', accelerator: 'tcg', headless: true, memory: 256,
        disk_size: '64M', format: 'raw', http_directory: 'www', boot_wait: '2s',
        boot_command: ['pack<enter><wait25>', 'wget -O /root/hello.txt http://{{.HTTPIP}}:{{.HTTPPort}}/hello.txt; dropbear<enter>'],
        communicator: 'ssh', ssh_username: 'root', ssh_password: guest.password, ssh_file_transfer_method: 'sftp', ssh_timeout: '5m',
        // Packer 1.6.6 fails the build when the connection drops before the command returns: power off a second later.
        shutdown_command: "sync; umount /mnt; setsid sh -c 'sleep 1; poweroff -f' >/dev/null 2>&1 &",
      },
    ],
    provisioners: [
      { type: 'shell', inline: ['mke2fs -q /dev/vda', 'mount /dev/vda /mnt', 'cp /root/hello.txt /mnt/'] },
      { type: 'file', source: 'up.txt', destination: '/mnt/up.txt' },
    ],
  }),
);

function timeBuild(cmd, args) {
  rmSync(join(dir, 'output-b'), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let connected;
    let out = '';
    const child = spawn(cmd, args, { cwd: dir, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    child.stdout.on('data', (c) => {
      out += c;
      if (connected === undefined && out.includes('Connected to SSH!')) connected = performance.now() - t0;
    });
    child.stderr.on('data', (c) => (out += c));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} failed:\n${out}`));
      else resolve({ connected: connected ?? NaN, total: performance.now() - t0 });
    });
  });
}

const results = { pack: [], packer: [] };
try {
  for (let i = 0; i < runs; i++) {
    results.pack.push(await timeBuild(process.execPath, [join(root, 'bin', 'pack'), 'build', '-color=false', template]));
    results.packer.push(await timeBuild('packer', ['build', '-color=false', template]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const fig = {};
for (const tool of ['pack', 'packer']) {
  fig[tool] = { connected: median(results[tool].map((r) => r.connected)), total: median(results[tool].map((r) => r.total)) };
  console.log(`${tool.padEnd(7)} connected to SSH ${s(fig[tool].connected).padStart(7)}   whole build ${s(fig[tool].total).padStart(7)}   (median of ${runs})`);
}
console.log(`ratio pack/packer: to SSH ${(fig.pack.connected / fig.packer.connected).toFixed(2)}, whole build ${(fig.pack.total / fig.packer.total).toFixed(2)}`);
