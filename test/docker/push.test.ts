// docker-push against a real registry (Debian's docker-registry) on loopback, through Podman.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE, startPodman, type PodmanService } from '../helpers/podman.js';
import { startRegistry, type Registry } from '../helpers/registry.js';
import { makeContext, postProcess, runBuilder } from './harness.js';
import { builder } from '../../src/components/builders/docker/index.js';
import { communicator } from '../../src/components/communicators/docker/index.js';
import { postProcessor as dockerTag } from '../../src/components/post-processors/docker-tag/index.js';
import { postProcessor as dockerPush } from '../../src/components/post-processors/docker-push/index.js';

let podman: PodmanService;
let registry: Registry;
const savedHost = process.env.DOCKER_HOST;

beforeAll(async () => {
  registry = await startRegistry();
  podman = await startPodman({ insecureRegistries: [registry.address] });
  process.env.DOCKER_HOST = podman.dockerHost;
});

afterAll(async () => {
  if (savedHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = savedHost;
  await podman?.stop();
  await registry?.stop();
});

describe('docker-push', () => {
  it('pushes a tagged image to a loopback registry, which then serves it', async () => {
    const ctx = makeContext();
    const built = await runBuilder(
      builder,
      { image: BASE_IMAGE, pull: false, commit: true },
      communicator,
      [async (comm) => comm.uploadData('pushed\n', '/pushed.txt')],
      ctx,
    );
    expect(built.error).toBeUndefined();
    const repo = `${registry.address}/pack/pushed`;
    const tagged = await postProcess(dockerTag, { repository: repo, tag: 'v1' }, built.artifact!, ctx);
    const pushed = await postProcess(
      dockerPush,
      { login: true, login_server: registry.address, login_username: 'u', login_password: 'not-checked-here' },
      tagged,
      ctx,
    );
    expect(pushed.builderId).toBe('packer.post-processor.docker-import');
    expect(pushed.id).toBe(`${repo}:v1`);

    const tags = (await (await fetch(`http://${registry.address}/v2/pack/pushed/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toEqual(['v1']);
    const manifest = await fetch(`http://${registry.address}/v2/pack/pushed/manifests/v1`, {
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' },
    });
    expect(manifest.status).toBe(200);

    // The builder pulls it back (pull: true) once the local name is gone, and builds on it.
    await podman.client.call('DELETE', `/images/${encodeURIComponent(`${repo}:v1`)}`);
    const pullCtx = makeContext();
    const seen: string[] = [];
    const rebuilt = await runBuilder(
      builder,
      { image: `${repo}:v1`, pull: true, discard: true },
      communicator,
      [
        async (comm) => {
          await comm.run({ command: 'cat /pushed.txt', onStdout: (l) => seen.push(l) });
        },
      ],
      pullCtx,
    );
    expect(rebuilt.error).toBeUndefined();
    expect(pullCtx.rec.lines).toContain(`==> Pulling Docker image: ${repo}:v1`);
    expect(seen).toEqual(['pushed']);
  });

  it('names the image and the registry when the push fails', async () => {
    const ctx = makeContext();
    const built = await runBuilder(builder, { image: BASE_IMAGE, pull: false, commit: true }, communicator, [], ctx);
    // A port nothing listens on.
    const tagged = await postProcess(dockerTag, { repository: '127.0.0.1:1/pack/nowhere', tag: 'v1' }, built.artifact!, ctx);
    await expect(postProcess(dockerPush, {}, tagged, ctx)).rejects.toThrow(/^Error pushing 127\.0\.0\.1:1\/pack\/nowhere:v1: /);
  });
});
