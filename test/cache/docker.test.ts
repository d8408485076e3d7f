// pack build -cache with the docker builder against Podman: a cold build saves a point per step,
// an unchanged rebuild runs no provisioner, an edit re-runs exactly the steps after it, a failed
// provisioner keeps the points before it, and the image equals a cold build's. Without -cache
// nothing is read or written; `pack cache prune` leaves no image of the cache behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool, startPodman, BASE_IMAGE, type PodmanService } from '../helpers/podman.js';
import { REPO_ROOT, runPack, stripAnsi } from '../helpers/pack.js';

let podman: PodmanService;
let dir: string;
let cacheHome: string;

beforeAll(async () => {
  requireTool('docker', 'docker.io');
  if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  podman = await startPodman();
  dir = mkdtempSync(join(tmpdir(), 'pack-cache-docker-'));
  cacheHome = join(dir, 'xdg-cache');
}, 120_000);

afterAll(async () => {
  await podman?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function docker(...args: string[]): string {
  return execFileSync('docker', ['-H', podman.dockerHost, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function cacheImages(): string[] {
  return docker('images', '--format', '{{.Repository}}:{{.Tag}}')
    .split('\n')
    .filter((l) => l.includes('pack-cache'));
}

/** A YAML template: four provisioners, the second uploads a file, the third may fail. */
function template(opts: { cacheKey?: boolean; failThird?: boolean; lastWord?: string } = {}): string {
  const path = join(dir, 'cached.yaml');
  const lines = [
    ...(opts.cacheKey ? ['cache: true'] : []),
    'builders:',
    '  - type: docker',
    `    image: ${BASE_IMAGE}`,
    '    pull: false',
    '    commit: true',
    '    changes: ["LABEL built.by=pack"]',
    'provisioners:',
    '  - type: shell',
    '    inline: ["mkdir -p /work", "echo one > /work/1"]',
    '  - type: file',
    '    source: upload.txt',
    '    destination: /work/2',
    '  - type: shell',
    '    environment_vars: ["WORD=three"]',
    `    inline: ["echo $WORD > /work/3"${opts.failThird ? ', "exit 7"' : ''}]`,
    '  - type: shell',
    `    inline: ["echo ${opts.lastWord ?? 'four'} > /work/4"]`,
  ];
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

async function build(path: string, flags: string[] = [], env: Record<string, string> = {}) {
  const r = await runPack(['build', '-color=false', ...flags, path], {
    cwd: dir,
    env: { DOCKER_HOST: podman.dockerHost, XDG_CACHE_HOME: cacheHome, PACK_CACHE: '', ...env },
    timeoutMs: 180_000,
  });
  const out = stripAnsi(r.stdout + r.stderr);
  const image = /Image ID: (\S+)/.exec(out)?.[1];
  return { ...r, out, image, cached: [...out.matchAll(/: (\S+?:[^\n]*?): cached/g)].length };
}

function content(image: string): string {
  return docker('run', '--rm', '--entrypoint', '/bin/cat', image, '/work/1', '/work/2', '/work/3', '/work/4');
}

function config(image: string): unknown {
  const c = JSON.parse(docker('image', 'inspect', image))[0].Config;
  // Podman lists Env in another order after a commit of a commit: compare them as a set.
  return { Entrypoint: c.Entrypoint, Cmd: c.Cmd, Labels: c.Labels, Env: [...(c.Env ?? [])].sort(), WorkingDir: c.WorkingDir };
}

describe('pack build -cache with the docker builder', () => {
  it('reads and writes nothing without -cache', async () => {
    writeFileSync(join(dir, 'upload.txt'), 'two\n');
    const r = await build(template());
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain('cache');
    expect(existsSync(join(cacheHome, 'pack'))).toBe(false);
    expect(cacheImages()).toEqual([]);
  });

  it('caches each step, reuses them, re-runs only what changed, and resumes after a failure', async () => {
    writeFileSync(join(dir, 'upload.txt'), 'two\n');
    const containersBefore = await podman.containers();
    const cold = await build(template(), ['-cache']);
    expect(cold.code, cold.out).toBe(0);
    expect(cold.out).toContain('No cached machine for this build yet');
    expect(cold.out).toMatch(/Build cache: nothing reused; 5 new points saved/);
    expect(content(cold.image!)).toBe('one\ntwo\nthree\nfour\n');
    expect(cacheImages()).toHaveLength(5);

    // Unchanged (turned on by the YAML's cache: true this time): every provisioner cached.
    const again = await build(template({ cacheKey: true }));
    expect(again.code, again.out).toBe(0);
    expect(again.cached).toBe(4);
    expect(again.out).toContain('Build cache: reused 4 of 4 provisioner steps');
    expect(again.out).not.toContain('echo one');
    expect(content(again.image!)).toBe('one\ntwo\nthree\nfour\n');
    expect(config(again.image!)).toEqual(config(cold.image!));

    // The uploaded file changes: the first point stays, the file and everything after re-run.
    writeFileSync(join(dir, 'upload.txt'), 'TWO\n');
    const edited = await build(template(), [], { PACK_CACHE: '1' });
    expect(edited.code, edited.out).toBe(0);
    expect(edited.cached).toBe(1);
    expect(content(edited.image!)).toBe('one\nTWO\nthree\nfour\n');

    // The third fails: the two before it stay cached; fixed, the rebuild starts after them.
    const failed = await build(template({ failThird: true, lastWord: 'FOUR' }), ['-cache']);
    expect(failed.code).toBe(1);
    expect(failed.cached).toBe(2);
    const fixed = await build(template({ lastWord: 'FOUR' }), ['-cache']);
    expect(fixed.code, fixed.out).toBe(0);
    expect(fixed.cached).toBe(3);
    expect(content(fixed.image!)).toBe('one\nTWO\nthree\nFOUR\n');
    expect(await podman.containers()).toEqual(containersBefore);

    const ls = await runPack(['cache', 'ls'], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toContain('docker');
    expect(ls.stdout).toContain('cached.yaml');

    const prune = await runPack(['cache', 'prune'], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(prune.code, prune.stderr).toBe(0);
    expect(cacheImages()).toEqual([]);
    const after = await runPack(['cache', 'ls'], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(after.stdout).toContain('The build cache is empty');
  }, 600_000);
});
