// `pack build` end to end (the real CLI in a child process) with the docker builder against
// Podman's Docker API service: a Packer JSON template, and the failures a user meets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { requireTool, startPodman, type PodmanService } from '../helpers/podman.js';
import { REPO_ROOT, runPack, stripAnsi } from '../helpers/pack.js';
import { DEFAULT_SOCKET } from '../../src/docker/endpoint.js';

const FIXTURES = join(REPO_ROOT, 'test', 'docker', 'fixtures');
let podman: PodmanService;

beforeAll(async () => {
  requireTool('docker', 'docker.io');
  if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
  podman = await startPodman();
});

afterAll(async () => {
  await podman?.stop();
});

function docker(...args: string[]): string {
  return execFileSync('docker', ['-H', podman.dockerHost, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function build(template: string, extra: string[] = [], env: Record<string, string | undefined> = {}) {
  return runPack(['build', ...extra, join(FIXTURES, template)], { env: { DOCKER_HOST: podman.dockerHost, ...env } });
}

describe('pack build with the docker builder', () => {
  it('builds, provisions with shell and file, commits with changes and tags an image that runs', async () => {
    const before = await podman.containers();
    const r = await build('build.json');
    const out = stripAnsi(r.stdout);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out).toContain('docker: hello from docker');
    expect(out).toContain('==> docker: Committing the container');
    expect(out).toMatch(/--> docker: Tagged Docker image: local\/e2e:latest/);

    expect(docker('run', '--rm', 'local/e2e:1.0')).toBe('provisioned by pack\n');
    expect(docker('run', '--rm', 'local/e2e:latest', 'cat', '/srv/app/data/motd')).toBe('provisioned by pack\n');
    const inspect = JSON.parse(docker('image', 'inspect', 'local/e2e:1.0'))[0];
    expect(inspect.Config.Labels['built.by']).toBe('pack');
    expect(await podman.containers()).toEqual(before);
  });

  it('names DOCKER_HOST and the socket when the engine is unreachable', async () => {
    const sock = join(podman.dir, 'nothing-here.sock');
    const r = await build('build.json', [], { DOCKER_HOST: `unix://${sock}` });
    const all = stripAnsi(r.stdout + r.stderr);
    expect(r.code).not.toBe(0);
    expect(all).toContain(`DOCKER_HOST=unix://${sock}`);
    expect(all).toContain('Cannot reach a Docker engine');
    expect(all).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace

    if (!existsSync(DEFAULT_SOCKET)) {
      const unset = await build('build.json', [], { DOCKER_HOST: undefined });
      expect(stripAnsi(unset.stdout + unset.stderr)).toContain(`the default socket ${DEFAULT_SOCKET} (DOCKER_HOST is not set)`);
    }
  });

  it('gives up on an engine address that accepts connections but never answers', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const r = await build('build.json', [], { DOCKER_HOST: `tcp://127.0.0.1:${port}`, PACK_DOCKER_PING_TIMEOUT_MS: '500' });
      expect(r.code).toBe(1);
      expect(stripAnsi(r.stdout + r.stderr)).toContain(`No answer from a Docker engine through DOCKER_HOST=tcp://127.0.0.1:${port} within 0.5 s`);
    } finally {
      silent.close();
    }
  });

  it('an image that does not exist: a clear error and no container left', async () => {
    const before = await podman.containers();
    const r = await build('build.json', ['-var', 'image=local/does-not-exist:1']);
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toContain('The image "local/does-not-exist:1" does not exist locally, and "pull" is false');
    expect(out).toContain("Build 'docker' errored");
    expect(await podman.containers()).toEqual(before);
  });

  it('a failing provisioner: exit status reported and the container removed', async () => {
    const before = await podman.containers();
    const r = await build('fail.json');
    const out = stripAnsi(r.stdout + r.stderr);
    expect(r.code).toBe(1);
    expect(out).toContain('about to fail');
    expect(out).toContain('Script exited with non-zero exit status: 7');
    expect(out).toContain('==> docker: Killing the container');
    expect(await podman.containers()).toEqual(before);
  });

  it('-on-error=abort: the container is left, and the end of the output names it and how to remove it', async () => {
    const before = await podman.containers();
    const r = await build('fail.json', ['-on-error=abort']);
    expect(r.code).toBe(1);
    const left = (await podman.containers()).filter((id) => !before.includes(id));
    expect(left).toHaveLength(1);
    try {
      expect(r.stderr).toContain('Left for inspection (cleanup skipped, -on-error=abort):');
      expect(r.stderr).toContain(`docker container ${left[0]} (remove: docker rm -f ${left[0]})`);
    } finally {
      docker('rm', '-f', left[0]!);
    }
  });

  it('Ctrl-C (SIGINT) during provisioning removes the container', async () => {
    const before = await podman.containers();
    let child: ChildProcess | undefined;
    let during: string[] | undefined;
    const r = await runPack(['build', join(FIXTURES, 'sleep.json')], {
      env: { DOCKER_HOST: podman.dockerHost },
      onSpawn: (c) => (child = c),
      onStdout: (_chunk, soFar) => {
        if (during === undefined && soFar.includes('ready-to-be-interrupted')) {
          during = [];
          // The container exists now: interrupt the build as a terminal's Ctrl-C would.
          void podman.containers().then((ids) => {
            during = ids;
            child?.kill('SIGINT');
          });
        }
      },
    });
    expect(during?.length).toBe(before.length + 1);
    expect(r.code).not.toBe(0);
    expect(stripAnsi(r.stdout)).toContain('==> docker: Killing the container');
    expect(await podman.containers()).toEqual(before);
  });
});

describe('Ctrl-C while the container is being created', () => {
  it('leaves no container, whichever request the interrupt lands in', async () => {
    const before = await podman.containers();
    for (let i = 0; i < 3; i++) {
      let child: ChildProcess | undefined;
      let sent = false;
      const r = await runPack(['build', join(FIXTURES, 'sleep.json')], {
        env: { DOCKER_HOST: podman.dockerHost },
        onSpawn: (c) => (child = c),
        onStdout: (_chunk, soFar) => {
          if (!sent && soFar.includes('Starting docker container...')) {
            sent = true;
            child?.kill('SIGINT');
          }
        },
      });
      expect(sent).toBe(true);
      expect(r.code).not.toBe(0);
      expect(await podman.containers()).toEqual(before);
    }
  });
});

describe('templates/docker.yaml', () => {
  it('builds as shipped when DOCKER_HOST points at a running engine, and the image runs', async () => {
    const before = await podman.containers();
    const r = await runPack(['build', join(REPO_ROOT, 'templates', 'docker.yaml')], { env: { DOCKER_HOST: podman.dockerHost } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(stripAnsi(r.stdout)).toContain('--> docker: Tagged Docker image: local/pack-example:latest');
    expect(docker('run', '--rm', 'local/pack-example:latest')).toBe('built by pack from busybox:latest\n');
    expect(await podman.containers()).toEqual(before);
  });

  it('passes validate, and refuses a docker builder with both commit and discard naming the fields', async () => {
    const ok = await runPack(['validate', join(REPO_ROOT, 'templates', 'docker.yaml')]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const bad = await runPack(['validate', join(FIXTURES, 'both-modes.json')]);
    expect(bad.code).toBe(1);
    expect(stripAnsi(bad.stdout + bad.stderr)).toContain('only one of "commit", "discard" or "export_path" may be set');
  });
});

describe('HCL2 template', () => {
  it('builds a source "docker", records the image id in the manifest, tags and saves the image', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pack-docker-hcl-'));
    try {
      const r = await runPack(['build', join(FIXTURES, 'app.pkr.hcl')], { cwd, env: { DOCKER_HOST: podman.dockerHost } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(cwd, 'manifest.json'), 'utf8'));
      const id: string = JSON.parse(docker('image', 'inspect', 'local/hcl:v1'))[0].Id;
      expect(manifest.builds[0]).toMatchObject({ name: 'app', builder_type: 'docker' });
      expect(id.replace(/^sha256:/, '')).toBe(String(manifest.builds[0].artifact_id).replace(/^sha256:/, ''));
      expect(stripAnsi(r.stdout)).toContain('--> docker.app: Exported Docker image: hcl-image.tar');

      docker('rmi', 'local/hcl:v1');
      expect(docker('load', '-i', join(cwd, 'hcl-image.tar'))).toMatch(/Loaded image/);
      expect(docker('run', '--rm', 'local/hcl:v1')).toBe('built from local/busybox:latest\n');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
