// Times how fast `pack build` gets going, beside `packer build` (1.6.6), in one run: a null builder with the
// SSH communicator against a loopback sshd it starts itself (test/helpers/sshd.ts), with no provisioner
// (exec, template, SSH handshake, exit) and with one shell-local provisioner. `node -e 0` is the floor.
// The shell-local command writes the clock (`date +%s%N`) when it runs, so the bench also prints the time
// from exec to the first provisioner starting. Prints medians (wall and CPU) and ratios.
// Goal: pack's null+ssh build with no provisioner <= 120 ms on a quiet machine.
// Run after `npm run build`: node bench/startup.mjs [runs]
// PACK_COMPARE=/path/to/another/pack/checkout (built) adds its null+ssh build and first provisioner, for a
// before/after in one run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { median, requireTools, timeCommandCpuAsync } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 15);

requireTools('startup', [['packer', 'packer']]);

const { startSshd, nullBuilderFor } = await tsImport('../test/helpers/sshd.ts', import.meta.url);
const server = await startSshd();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-startup-'));
const stamp = join(dir, 'stamp');

const builder = nullBuilderFor(server);
const write = (name, t) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(t));
  return p;
};
const bare = write('bare.json', { builders: [builder] });
const local = write('shell-local.json', { builders: [builder], provisioners: [{ type: 'shell-local', inline: ['true'] }] });
const stamped = write('stamped.json', { builders: [builder], provisioners: [{ type: 'shell-local', inline: [`date +%s%N > ${stamp}`] }] });

const env = { ...process.env, CI: '1', CHECKPOINT_DISABLE: '1' };
// Async: the sshd's log pipe is read by this process (see timeCommandCpuAsync).
const time = (cmd, args) => timeCommandCpuAsync(cmd, args, { cwd: dir, env });
/** Wall ms from just before the spawn to the shell-local command's clock reading, and the whole run. */
const timeToProvisioner = async (cmd, args) => {
  rmSync(stamp, { force: true });
  const before = BigInt(Date.now()) * 1_000_000n;
  const r = await time(cmd, args);
  const at = BigInt(readFileSync(stamp, 'utf8').trim());
  return { ...r, toProvisionerMs: Number(at - before) / 1e6 };
};

const pack = (t) => [process.execPath, [packBin, 'build', '-color=false', t]];
const packer = (t) => ['packer', ['build', '-color=false', t]];
const other = process.env.PACK_COMPARE ? join(process.env.PACK_COMPARE, 'bin', 'pack') : undefined;
const contenders = {
  'node -e 0': () => time(process.execPath, ['-e', '0']),
  'pack build (null+ssh)': () => time(...pack(bare)),
  ...(other && {
    'PACK_COMPARE (null+ssh)': () => time(process.execPath, [other, 'build', '-color=false', bare]),
    'PACK_COMPARE (to provisioner)': () => timeToProvisioner(process.execPath, [other, 'build', '-color=false', stamped]),
  }),
  'packer build (null+ssh)': () => time(...packer(bare)),
  'pack build (shell-local true)': () => time(...pack(local)),
  'packer build (shell-local true)': () => time(...packer(local)),
  'pack build (to provisioner)': () => timeToProvisioner(...pack(stamped)),
  'packer build (to provisioner)': () => timeToProvisioner(...packer(stamped)),
};

try {
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const run of Object.values(contenders)) await run(); // warm-up: file cache, binaries
  // Rounds alternate the contenders so all see the same machine load.
  for (let i = 0; i < runs; i++) for (const [k, run] of Object.entries(contenders)) times[k].push(await run());
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${runs} alternating rounds)`);
  const m = (k, f = 'ms') => median(times[k].map((r) => r[f]));
  for (const k of Object.keys(contenders)) {
    const first = times[k][0].toProvisionerMs === undefined ? '' : `   first provisioner at ${m(k, 'toProvisionerMs').toFixed(0).padStart(5)} ms`;
    console.log(`${k.padEnd(32)} ${m(k).toFixed(0).padStart(6)} ms   CPU ${m(k, 'cpuMs').toFixed(0).padStart(5)} ms${first}   [medians of ${runs}]`);
  }
  const floor = m('node -e 0');
  const ratio = (name, a, b) => console.log(`${name.padEnd(48)} ratio ${(a / b).toFixed(2)}`);
  ratio('null+ssh: pack / packer', m('pack build (null+ssh)'), m('packer build (null+ssh)'));
  ratio('null+ssh: pack / node -e 0', m('pack build (null+ssh)'), floor);
  ratio('shell-local: pack / packer', m('pack build (shell-local true)'), m('packer build (shell-local true)'));
  ratio('to first provisioner: pack / packer', m('pack build (to provisioner)', 'toProvisionerMs'), m('packer build (to provisioner)', 'toProvisionerMs'));
  ratio('null+ssh CPU: pack / packer', m('pack build (null+ssh)', 'cpuMs'), m('packer build (null+ssh)', 'cpuMs'));
  if (other) {
    ratio('null+ssh: pack / PACK_COMPARE', m('pack build (null+ssh)'), m('PACK_COMPARE (null+ssh)'));
    ratio('null+ssh CPU: pack / PACK_COMPARE', m('pack build (null+ssh)', 'cpuMs'), m('PACK_COMPARE (null+ssh)', 'cpuMs'));
    ratio('to first provisioner: pack / PACK_COMPARE', m('pack build (to provisioner)', 'toProvisionerMs'), m('PACK_COMPARE (to provisioner)', 'toProvisionerMs'));
  }
  const met = m('pack build (null+ssh)') <= 120;
  console.log(`null+ssh: pack ${m('pack build (null+ssh)').toFixed(0)} ms (goal <= 120 ms: ${met ? 'met' : 'NOT met'})`);
  process.exitCode = met ? 0 : 1;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
