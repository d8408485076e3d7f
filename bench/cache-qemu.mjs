// Times `pack build -cache` with the qemu builder under TCG on the tiny test guest
// (test/fixtures/guest): boot_command typed at isolinux's prompt (kernel arguments that start SSH), three
// provisioners over SSH (2 s each), poweroff. In one run: a cold build (empty cache), then a
// rebuild after editing the last provisioner, which resumes the machine from its snapshot.
// Goal: the rebuild <= 0.2x of the cold build, and no boot_command typed on the rebuild; the
// rebuilt disk holds every provisioner's file. Packer 1.6.6 (no cache) runs the template beside.
// Run after `npm run build`: node bench/cache-qemu.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [tool, pkg] of [['packer', 'packer'], ['qemu-system-x86_64', 'qemu-system-x86'], ['debugfs', 'e2fsprogs']]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench/cache-qemu: needs ${tool} (Debian package ${pkg})`);
    process.exit(1);
  }
}
const { ensureGuest } = await tsImport('../test/fixtures/guest/guest.ts', import.meta.url);
const guest = ensureGuest();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-cache-qemu-'));
writeFileSync(join(dir, 'up.txt'), 'two\n');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', NO_COLOR: '1', CI: '1', PACK_CACHE: '', XDG_CACHE_HOME: join(dir, 'cache') };

function template(last, { forPacker = false } = {}) {
  const file = join(dir, 'qemu.json');
  writeFileSync(
    file,
    JSON.stringify({
      builders: [
        {
          type: 'qemu', name: 'b', iso_url: guest.iso, iso_checksum: 'none', accelerator: 'tcg', headless: true, memory: 256,
          disk_size: '64M', format: 'raw', boot_wait: '8s',
          // Kernel arguments at isolinux's prompt: the guest starts dropbear itself, whatever the load.
          boot_command: ['pack pack.ssh=1<enter>'],
          communicator: 'ssh', ssh_username: 'root', ssh_password: guest.password, ssh_file_transfer_method: 'sftp', ssh_timeout: '5m',
          // Packer 1.6.6 fails the build when the connection drops before the command returns: it powers off a second later.
          shutdown_command: forPacker ? "sync; umount /mnt; setsid sh -c 'sleep 1; poweroff -f' >/dev/null 2>&1 &" : 'sync; umount /mnt; poweroff -f',
        },
      ],
      provisioners: [
        { type: 'shell', inline: ['mke2fs -q /dev/vda', 'mount /dev/vda /mnt', 'sleep 2', 'echo one > /mnt/1'] },
        { type: 'file', source: 'up.txt', destination: '/mnt/2' },
        { type: 'shell', inline: ['sleep 2', `echo ${last} > /mnt/3`] },
      ],
    }),
  );
  return file;
}

function timed(cmd, args) {
  rmSync(join(dir, 'output-b'), { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return { ms, out: r.stdout };
}

const read = (path) => execFileSync('debugfs', ['-R', `cat ${path}`, join(dir, 'output-b', 'packer-b')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

try {
  const pack = [process.execPath, join(root, 'bin', 'pack')];
  const cold = timed(pack[0], [pack[1], 'build', '-cache', template('three')]);
  const warm = timed(pack[0], [pack[1], 'build', '-cache', template('THREE')]);
  const files = [read('/1'), read('/2'), read('/3')].join(' ');
  spawnSync(pack[0], [pack[1], 'cache', 'prune'], { env });
  const packer = timed('packer', ['build', template('three', { forPacker: true })]);
  const ratio = warm.ms / cold.ms;
  const typed = /Typing the boot command/.test(warm.out);
  console.log('pack build -cache, qemu builder (TCG), test guest, 3 provisioners');
  console.log(`cold                       ${(cold.ms / 1000).toFixed(1).padStart(6)} s`);
  console.log(`rebuild after editing last ${(warm.ms / 1000).toFixed(1).padStart(6)} s   ratio ${ratio.toFixed(2)} (goal <= 0.2: ${ratio <= 0.2 ? 'met' : 'NOT met'})   boot_command typed: ${typed ? 'yes (NOT met)' : 'no'}   disk: ${files}`);
  console.log(`packer 1.6.6 (no cache)    ${(packer.ms / 1000).toFixed(1).padStart(6)} s   ratio to pack cold ${(packer.ms / cold.ms).toFixed(2)}`);
  process.exitCode = ratio <= 0.2 && !typed && files === 'one two THREE' ? 0 : 1;
} finally {
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
