// What running a build through Packer inside pack costs: `packer build` alone beside
// `pack build -engine=packer` (the same Packer, its lines turned into pack's events) on one local
// template (communicator none, 5 shell-local provisioners), and beside `pack build` running it natively.
// Prints medians and ratios. Goal: what pack adds to Packer's own time is no more than pack's own
// native run of the template takes (pack's start-up and template preparation, paid once either way).
// Run after `npm run build`: node bench/packer-engine.mjs [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timeCommand } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 7);

const which = spawnSync('sh', ['-c', 'command -v packer']);
if (which.status !== 0) {
  console.error('bench/packer-engine: needs packer (Debian package packer)');
  process.exit(1);
}
const packer = which.stdout.toString().trim();

const dir = mkdtempSync(join(tmpdir(), 'pack-bench-packer-engine-'));
const path = join(dir, 'five.json');
writeFileSync(
  path,
  JSON.stringify({
    builders: [{ type: 'null', name: 'local', communicator: 'none' }],
    provisioners: Array.from({ length: 5 }, (_, i) => ({ type: 'shell-local', inline: [`echo step ${i}`] })),
  }),
);
const time = (cmd, args) => timeCommand(cmd, args, { cwd: dir, env: { ...process.env, CI: '1', CHECKPOINT_DISABLE: '1' } });
const commands = {
  'packer build': [packer, ['build', '-color=false', path]],
  'pack build -engine=packer': [process.execPath, [packBin, 'build', '-color=false', '-engine=packer', path]],
  'pack build (native)': [process.execPath, [packBin, 'build', '-color=false', path]],
};

try {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const [cmd, args] of Object.values(commands)) time(cmd, args); // warm-up
  // Alternate so that every command sees the same machine load.
  for (let i = 0; i < runs; i++) for (const [name, [cmd, args]] of Object.entries(commands)) times[name].push(time(cmd, args));
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  for (const [k, v] of Object.entries(m)) console.log(`${k.padEnd(28)} ${v.toFixed(0).padStart(6)} ms (median of ${runs})`);
  const added = m['pack build -engine=packer'] - m['packer build'];
  console.log(`pack -engine=packer / packer: ${(m['pack build -engine=packer'] / m['packer build']).toFixed(2)}   pack native / packer: ${(m['pack build (native)'] / m['packer build']).toFixed(2)}`);
  console.log(`added by pack around Packer: ${added.toFixed(0)} ms; pack's native run: ${m['pack build (native)'].toFixed(0)} ms`);
  if (added > m['pack build (native)']) {
    console.log("over the goal: pack adds more than its own native run's time to Packer's");
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
