// Times file transfers and shell provisioners over SSH, in one run, against a loopback sshd it starts
// itself (test/helpers/sshd.ts: a uid-0 test user whose shell is /bin/sh, so no ~/.bashrc/pyenv start-up):
//   1. a 50 MB upload: `pack build` (whole process, scp and sftp) vs OpenSSH `sftp` and `scp -O`
//      (whole process) vs `packer build` (1.6.6);
//   2. 50 shell provisioners: `pack build` vs `packer build`.
// Prints medians and ratios. Goals: the upload within 1.5x of OpenSSH's sftp; both under half of Packer's time.
// Run after `npm run build`: node bench/ssh.mjs [runs]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { median, requireTools, timeCommandCpuAsync } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 5);

requireTools('ssh', [['packer', 'packer'], ['sftp', 'openssh-client'], ['scp', 'openssh-client']]);

const { startSshd, nullBuilderFor } = await tsImport('../test/helpers/sshd.ts', import.meta.url);
const server = await startSshd();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-ssh-'));
const dest = join(dir, 'dest');
mkdirSync(dest);
const big = join(dir, 'big50.bin');
writeFileSync(big, randomBytes(50 * 1024 * 1024));

const comm = (method) => nullBuilderFor(server, method ? { ssh_file_transfer_method: method } : {});
const write = (name, t) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(t));
  return p;
};
const upload = (method) => ({ builders: [comm(method)], provisioners: [{ type: 'file', source: big, destination: `${dest}/` }] });
const fifty = { builders: [comm()], provisioners: Array.from({ length: 50 }, (_, i) => ({ type: 'shell', inline: [`echo step ${i}`] })) };
const uploadScp = write('upload-scp.json', upload('scp'));
const uploadSftp = write('upload-sftp.json', upload('sftp'));
const fiftyPath = write('fifty.json', fifty);
const sshOpts = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-i', server.privateKeyPath];
const batch = join(dir, 'sftp-batch');
writeFileSync(batch, `put ${big} ${dest}/\n`);

// Asynchronously: this process must keep reading the sshd's log, or a full pipe stalls its connections.
const time = async (cmd, args) => (await timeCommandCpuAsync(cmd, args, { cwd: dir, env: { ...process.env, CI: '1' } })).ms;

const contenders = {
  'pack build (scp)': () => time(process.execPath, [packBin, 'build', '-color=false', uploadScp]),
  'pack build (sftp)': () => time(process.execPath, [packBin, 'build', '-color=false', uploadSftp]),
  'OpenSSH sftp': () => time('sftp', [...sshOpts, '-b', batch, '-P', String(server.port), `${server.user}@127.0.0.1`]),
  'OpenSSH scp -O': () => time('scp', [...sshOpts, '-O', '-P', String(server.port), big, `${server.user}@127.0.0.1:${dest}/`]),
  'packer build (scp)': () => time('packer', ['build', '-color=false', uploadScp]),
  'pack build, 50 shell': () => time(process.execPath, [packBin, 'build', '-color=false', fiftyPath]),
  'packer build, 50 shell': () => time('packer', ['build', '-color=false', fiftyPath]),
};

try {
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const run of Object.values(contenders)) await run(); // warm-up: file cache, binaries
  // Rounds alternate the contenders so all see the same machine load.
  for (let i = 0; i < runs; i++) for (const [k, run] of Object.entries(contenders)) times[k].push(await run());
  // Other work on the machine skews every figure: say how busy it was.
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${runs} alternating rounds)`);
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  for (const [k, v] of Object.entries(m)) console.log(`${k.padEnd(24)} ${v.toFixed(0).padStart(6)} ms   [median of ${runs}]`);
  const best = Math.min(m['pack build (scp)'], m['pack build (sftp)']);
  const goals = [
    ['50 MB: pack (best) / OpenSSH sftp', best / m['OpenSSH sftp'], 1.5],
    ['50 MB: pack (scp) / OpenSSH sftp', m['pack build (scp)'] / m['OpenSSH sftp'], 1.5],
    ['50 MB: pack (best) / OpenSSH scp', best / m['OpenSSH scp -O'], undefined],
    ['50 MB: pack (scp) / packer (scp)', m['pack build (scp)'] / m['packer build (scp)'], 0.5],
    ['50 shell: pack / packer', m['pack build, 50 shell'] / m['packer build, 50 shell'], 0.5],
  ];
  let ok = true;
  for (const [name, ratio, goal] of goals) {
    const met = goal === undefined || ratio <= goal;
    if (goal !== undefined) ok &&= met;
    console.log(`${name.padEnd(36)} ratio ${ratio.toFixed(2)}${goal === undefined ? '' : `  (goal <= ${goal}: ${met ? 'met' : 'NOT met'})`}`);
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
