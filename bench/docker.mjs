// Times the docker builder against Podman's Docker API service (test/helpers/podman.ts starts it on a
// temporary socket), `pack build` beside `packer build` (1.6.6, which drives the docker CLI) on the same
// Packer JSON templates, discarding the container (Packer 1.6.6's `docker commit` fails against Podman):
//   1. one shell provisioner;  2. a 50 MB file upload;  3. 20 shell provisioners.
// Prints medians and ratios (pack / packer). Run after `npm run build`: node bench/docker.mjs [runs]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { median, timeCommand } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 3);

for (const [tool, pkg] of [['packer', 'packer'], ['docker', 'docker.io'], ['podman', 'podman']]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench/docker: needs ${tool} (Debian package ${pkg})`);
    process.exit(1);
  }
}

const { startPodman, BASE_IMAGE } = await tsImport('../test/helpers/podman.ts', import.meta.url);
const podman = await startPodman();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-docker-'));
writeFileSync(join(dir, 'big50.bin'), randomBytes(50 * 1024 * 1024));

const builder = { type: 'docker', image: BASE_IMAGE, pull: false, discard: true };
const scenarios = {
  'one shell provisioner': [{ type: 'shell', inline: ['echo hello'] }],
  '50 MB upload': [{ type: 'file', source: 'big50.bin', destination: '/tmp/big50.bin' }],
  '20 shell provisioners': Array.from({ length: 20 }, (_, i) => ({ type: 'shell', inline: [`echo step ${i}`] })),
};

const env = { ...process.env, DOCKER_HOST: podman.dockerHost, CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1', NO_COLOR: '1' };
const time = (cmd, args) => timeCommand(cmd, args, { cwd: dir, env });

try {
  console.log(`docker builder on Podman ${spawnSync('podman', ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${runs} runs each, medians`);
  for (const [name, provisioners] of Object.entries(scenarios)) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ builders: [builder], provisioners }, null, 2));
    const pack = [];
    const packer = [];
    for (let i = 0; i < runs; i++) {
      pack.push(time(process.execPath, [packBin, 'build', file]));
      packer.push(time('packer', ['build', file]));
    }
    const p = median(pack);
    const k = median(packer);
    console.log(`${name.padEnd(24)} pack ${(p / 1000).toFixed(2)} s   packer ${(k / 1000).toFixed(2)} s   ratio ${(p / k).toFixed(2)}`);
  }
} finally {
  await podman.stop();
  rmSync(dir, { recursive: true, force: true });
}
