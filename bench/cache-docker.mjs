// Times `pack build -cache` with the docker builder against Podman (test/helpers/podman.ts), on a
// template of 4 shell provisioners that each take 2 s, in one run:
//   cold (empty cache), unchanged rebuild, edit of the last provisioner, and the rebuild after
//   the third provisioner failed (fixed, it resumes after the second).
// Goals (ratio to the cold build): unchanged <= 0.15, edit-last <= 0.4, resume <= 0.6; the final
// image of each holds every provisioner's file. Packer 1.6.6, which has no cache, runs the same
// provisioners beside (with discard: its docker commit fails against Podman) as the reference.
// Run after `npm run build`: node bench/cache-docker.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { median } from './lib/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packBin = join(root, 'bin', 'pack');
const runs = Number(process.argv[2] ?? 1);

for (const [tool, pkg] of [['packer', 'packer'], ['docker', 'docker.io'], ['podman', 'podman']]) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench/cache-docker: needs ${tool} (Debian package ${pkg})`);
    process.exit(1);
  }
}

const { startPodman, BASE_IMAGE } = await tsImport('../test/helpers/podman.ts', import.meta.url);
const podman = await startPodman();
const dir = mkdtempSync(join(tmpdir(), 'pack-bench-cache-docker-'));
const env = { ...process.env, DOCKER_HOST: podman.dockerHost, CHECKPOINT_DISABLE: '1', NO_COLOR: '1', CI: '1', PACK_CACHE: '' };

function template(file, { last = 'four', failThird = false, discard = false } = {}) {
  const words = ['one', 'two', 'three', last];
  const provisioners = words.map((w, i) => ({
    type: 'shell',
    inline: [`mkdir -p /work && sleep 2 && echo ${w} > /work/${i + 1}${i === 2 && failThird ? ' && exit 3' : ''}`],
  }));
  const builder = discard ? { type: 'docker', image: BASE_IMAGE, pull: false, discard: true } : { type: 'docker', image: BASE_IMAGE, pull: false, commit: true };
  writeFileSync(file, JSON.stringify({ builders: [builder], provisioners }, null, 2));
  return file;
}

/** Wall time of one pack build, its exit code and the image it committed. */
function packBuild(file, cacheHome) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [packBin, 'build', '-cache', file], { cwd: dir, env: { ...env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, code: r.status, out: r.stdout + r.stderr, image: /Image ID: (\S+)/.exec(r.stdout)?.[1] };
}

function files(image) {
  return execFileSync('docker', ['-H', podman.dockerHost, 'run', '--rm', '--entrypoint', '/bin/cat', image, '/work/1', '/work/2', '/work/3', '/work/4'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .join(' ');
}

function must(r, what) {
  if (r.code !== 0) throw new Error(`${what} failed:\n${r.out}`);
  return r;
}

const results = { cold: [], unchanged: [], 'edit last': [], 'resume after 3rd failed': [], packer: [] };
const contents = {};
try {
  const t = join(dir, 't.json');
  for (let i = 0; i < runs; i++) {
    const cache = join(dir, `cache-${i}`);
    const cold = must(packBuild(template(t), cache), 'cold');
    results.cold.push(cold.ms);
    contents.cold = files(cold.image);
    const same = must(packBuild(template(t), cache), 'unchanged');
    results.unchanged.push(same.ms);
    contents.unchanged = files(same.image);
    const edited = must(packBuild(template(t, { last: 'FOUR' }), cache), 'edit last');
    results['edit last'].push(edited.ms);
    contents['edit last'] = files(edited.image);
    const failed = packBuild(template(t, { last: 'vier', failThird: true }), cache);
    if (failed.code === 0) throw new Error('the failing build succeeded');
    const resumed = must(packBuild(template(t, { last: 'vier' }), cache), 'resume');
    results['resume after 3rd failed'].push(resumed.ms);
    contents['resume after 3rd failed'] = files(resumed.image);
    spawnSync(process.execPath, [packBin, 'cache', 'prune'], { env: { ...env, XDG_CACHE_HOME: cache } });
    const p0 = process.hrtime.bigint();
    const pk = spawnSync('packer', ['build', template(join(dir, 'packer.json'), { discard: true })], { cwd: dir, env, encoding: 'utf8' });
    if (pk.status !== 0) throw new Error(`packer failed:\n${pk.stdout}${pk.stderr}`);
    results.packer.push(Number(process.hrtime.bigint() - p0) / 1e6);
  }
  const cold = median(results.cold);
  const goals = { unchanged: 0.15, 'edit last': 0.4, 'resume after 3rd failed': 0.6 };
  let ok = true;
  console.log(`pack build -cache, docker builder on Podman, 4 provisioners of 2 s, ${runs} run(s), medians`);
  for (const [name, xs] of Object.entries(results)) {
    const ms = median(xs);
    const ratio = ms / cold;
    const goal = goals[name];
    const met = goal === undefined || ratio <= goal;
    ok &&= met;
    const label = name === 'packer' ? 'packer 1.6.6 (no cache)' : name;
    const files = contents[name] ? `   image: ${contents[name]}` : '';
    console.log(`${label.padEnd(26)} ${(ms / 1000).toFixed(2).padStart(6)} s   ratio to cold ${ratio.toFixed(2)}${goal ? ` (goal <= ${goal}: ${met ? 'met' : 'NOT met'})` : ''}${files}`);
  }
  const expected = { cold: 'one two three four', unchanged: 'one two three four', 'edit last': 'one two three FOUR', 'resume after 3rd failed': 'one two three vier' };
  for (const [name, want] of Object.entries(expected)) {
    if (contents[name] !== want) {
      ok = false;
      console.log(`${name}: the image holds "${contents[name]}", not "${want}"`);
    }
  }
  process.exitCode = ok ? 0 : 1;
} finally {
  await podman.stop();
  rmSync(dir, { recursive: true, force: true });
}
