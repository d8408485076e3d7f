// Times `pack build` against `packer build` (1.6.6) on local templates, in one run:
//   1. communicator none, one shell-local provisioner;
//   2. the same with 50 shell-local provisioners.
// Prints the median of several runs of each and the pack/packer ratio.
// Goals: pack no slower than Packer on 1; under half of Packer's time on 2.
// Run after `npm run build`: node bench/build-local.mjs [runs]
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
  console.error('bench/build-local: needs packer (Debian package packer)');
  process.exit(1);
}
const packer = which.stdout.toString().trim();

const dir = mkdtempSync(join(tmpdir(), 'pack-bench-local-'));
const template = (n) => ({
  builders: [{ type: 'null', name: 'local', communicator: 'none' }],
  provisioners: Array.from({ length: n }, (_, i) => ({ type: 'shell-local', inline: [`echo step ${i}`] })),
});
const cases = [
  ['one shell-local', join(dir, 'one.json'), template(1)],
  ['50 shell-local', join(dir, 'fifty.json'), template(50)],
];
for (const [, path, t] of cases) writeFileSync(path, JSON.stringify(t));

const time = (cmd, args) => timeCommand(cmd, args, { cwd: dir, env: { ...process.env, CI: '1' } });

try {
  let ok = true;
  for (const [name, path] of cases) {
    const pk = [];
    const pc = [];
    // One warm-up each (file cache), then alternate so both see the same machine load.
    time(packer, ['build', '-color=false', path]);
    time(process.execPath, [packBin, 'build', '-color=false', path]);
    for (let i = 0; i < runs; i++) {
      pk.push(time(packer, ['build', '-color=false', path]));
      pc.push(time(process.execPath, [packBin, 'build', '-color=false', path]));
    }
    const a = median(pc);
    const b = median(pk);
    const ratio = a / b;
    const goal = name.startsWith('50') ? 0.5 : 1;
    const met = ratio <= goal;
    ok &&= met;
    console.log(
      `${name.padEnd(16)} pack ${a.toFixed(0).padStart(5)} ms   packer ${b.toFixed(0).padStart(5)} ms   ` +
        `ratio ${ratio.toFixed(2)} (goal <= ${goal}: ${met ? 'met' : 'NOT met'})   [median of ${runs}]`,
    );
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
