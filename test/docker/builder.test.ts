// The docker builder, its communicator and post-processors, in-process against Podman's real
// Docker API service (the harness stands in for `pack build`; see e2e tests for the CLI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, createReadStream, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { BASE_IMAGE, requireTool, startPodman, type PodmanService } from '../helpers/podman.js';
import { makeContext, postProcess, runBuilder, type ProvisionFn } from './harness.js';
import { builder } from '../../src/components/builders/docker/index.js';
import { communicator } from '../../src/components/communicators/docker/index.js';
import { postProcessor as dockerTag } from '../../src/components/post-processors/docker-tag/index.js';
import { postProcessor as dockerSave } from '../../src/components/post-processors/docker-save/index.js';
import { postProcessor as dockerImport } from '../../src/components/post-processors/docker-import/index.js';

let podman: PodmanService;
let work: string;
const savedHost = process.env.DOCKER_HOST;

beforeAll(async () => {
  requireTool('docker', 'docker.io');
  podman = await startPodman();
  process.env.DOCKER_HOST = podman.dockerHost;
  work = mkdtempSync(join(tmpdir(), 'pack-docker-test-'));
});

afterAll(async () => {
  process.env.DOCKER_HOST = savedHost;
  if (savedHost === undefined) delete process.env.DOCKER_HOST;
  await podman?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function docker(...args: string[]): string {
  return execFileSync('docker', ['-H', podman.dockerHost, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const writeHello: ProvisionFn = async (comm) => {
  await comm.uploadData('provisioned by pack\n', '/hello.txt');
  const r = await comm.run({ command: 'mkdir -p /opt/app && echo built > /opt/app/marker' });
  if (r.exitCode !== 0) throw new Error(`exit ${r.exitCode}`);
};

async function tarNames(path: string): Promise<string[]> {
  const names: string[] = [];
  const ex = extract();
  createReadStream(path).pipe(ex);
  for await (const e of ex) {
    names.push(e.header.name);
    e.resume();
  }
  return names;
}

describe('docker builder (in-process, Podman)', () => {
  it('commits with CMD and LABEL changes; docker-tag names the image; the image runs and shows the provisioned file', async () => {
    const before = await podman.containers();
    const ctx = makeContext();
    const res = await runBuilder(
      builder,
      {
        image: BASE_IMAGE,
        pull: false,
        commit: true,
        author: 'pack tests',
        message: 'built in a test',
        changes: ['CMD ["cat", "/hello.txt"]', 'LABEL made.by=pack', 'ENTRYPOINT [""]'],
      },
      communicator,
      [writeHello],
      ctx,
    );
    expect(res.error).toBeUndefined();
    expect(res.artifact?.builderId).toBe('packer.docker');
    expect(res.artifact?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(res.artifact?.string()).toContain(res.artifact!.id);

    const tagged = await postProcess(dockerTag, { repository: 'local/built', tags: ['1.0', 'latest'] }, res.artifact!, ctx);
    expect(tagged.builderId).toBe('packer.post-processor.docker-tag');
    expect(tagged.id).toBe('local/built:latest');

    // An independent client (the docker CLI) runs the image: CMD prints the provisioned file.
    expect(docker('run', '--rm', 'local/built:1.0')).toBe('provisioned by pack\n');
    const inspect = JSON.parse(docker('image', 'inspect', 'local/built:latest'))[0];
    expect(inspect.Config.Labels['made.by']).toBe('pack');
    expect(inspect.Config.Cmd).toEqual(['cat', '/hello.txt']);
    expect(inspect.Author).toBe('pack tests');
    expect(inspect.Comment).toBe('built in a test');
    expect(await podman.containers()).toEqual(before);
  });

  it('export_path writes a tar of the container filesystem; docker-import loads it back', async () => {
    const out = join(work, 'exported.tar');
    const ctx = makeContext();
    const res = await runBuilder(builder, { image: BASE_IMAGE, pull: false, export_path: out }, communicator, [writeHello], ctx);
    expect(res.error).toBeUndefined();
    expect(res.artifact?.files).toEqual([out]);
    const names = await tarNames(out);
    expect(names).toContain('hello.txt');
    expect(names).toContain('opt/app/marker');
    const last = ctx.rec.progress.at(-1);
    expect(last).toMatchObject({ done: true, bytes: statSync(out).size, total: statSync(out).size });
    expect(await podman.containers()).toEqual([]);

    const imported = await postProcess(
      dockerImport,
      { repository: 'local/imported', tag: 'v1', changes: ['LABEL imported=yes'] },
      res.artifact!,
      ctx,
    );
    expect(JSON.parse(docker('image', 'inspect', 'local/imported:v1'))[0].Config.Labels.imported).toBe('yes');
    expect(imported.builderId).toBe('packer.post-processor.docker-import');
    expect(imported.id).toBe('local/imported:v1');
    expect(docker('run', '--rm', '--entrypoint', '/bin/cat', 'local/imported:v1', '/opt/app/marker')).toBe('built\n');
  });

  it('export_path does not replace an existing file without -force', async () => {
    const out = join(work, 'exists.tar');
    writeFileSync(out, 'mine');
    const res = await runBuilder(builder, { image: BASE_IMAGE, pull: false, export_path: out }, communicator, [], makeContext());
    expect(res.error?.message).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect(await podman.containers()).toEqual([]);
  });

  it('docker-save writes an archive that the engine loads back', async () => {
    const ctx = makeContext();
    const res = await runBuilder(builder, { image: BASE_IMAGE, pull: false, commit: true }, communicator, [writeHello], ctx);
    expect(res.error).toBeUndefined();
    const tagged = await postProcess(dockerTag, { repository: 'local/saved', tag: 'v2' }, res.artifact!, ctx);
    const path = join(work, 'saved.tar');
    const saved = await postProcess(dockerSave, { path }, tagged, ctx);
    expect(saved.files).toEqual([path]);
    expect(statSync(path).size).toBeGreaterThan(1000);

    docker('rmi', 'local/saved:v2');
    expect(() => docker('image', 'inspect', 'local/saved:v2')).toThrow();
    expect(docker('load', '-i', path)).toMatch(/Loaded image/);
    expect(docker('run', '--rm', '--entrypoint', '/bin/cat', 'local/saved:v2', '/hello.txt')).toBe('provisioned by pack\n');
  });

  it('docker-tag refuses to move a tag from another image unless force is set', async () => {
    const ctx = makeContext();
    const a = await runBuilder(builder, { image: BASE_IMAGE, pull: false, commit: true }, communicator, [writeHello], ctx);
    const b = await runBuilder(builder, { image: BASE_IMAGE, pull: false, commit: true, changes: ['LABEL b=1'] }, communicator, [], ctx);
    await postProcess(dockerTag, { repository: 'local/moved', tag: 'x' }, a.artifact!, ctx);
    // Tagging the same image again is fine.
    await postProcess(dockerTag, { repository: 'local/moved', tag: 'x' }, a.artifact!, ctx);
    await expect(postProcess(dockerTag, { repository: 'local/moved', tag: 'x' }, b.artifact!, ctx)).rejects.toThrow(
      /the tag local\/moved:x already names image .*; set "force": true to move it/,
    );
    await postProcess(dockerTag, { repository: 'local/moved', tag: 'x', force: true }, b.artifact!, ctx);
    const id: string = JSON.parse(docker('image', 'inspect', 'local/moved:x'))[0].Id;
    expect(id.replace(/^sha256:/, '')).toBe(b.artifact!.id.replace(/^sha256:/, ''));
  });

  it('discard leaves no image and no container', async () => {
    const imagesBefore = docker('images', '-q').split('\n').sort();
    const res = await runBuilder(builder, { image: BASE_IMAGE, pull: false, discard: true }, communicator, [writeHello], makeContext());
    expect(res.error).toBeUndefined();
    expect(res.artifact).toBeUndefined();
    expect(docker('images', '-q').split('\n').sort()).toEqual(imagesBefore);
    expect(await podman.containers()).toEqual([]);
  });

  it('exec_user runs commands as that user and fix_upload_owner gives uploads to it', async () => {
    const seen: string[] = [];
    const res = await runBuilder(
      builder,
      { image: BASE_IMAGE, pull: false, discard: true, exec_user: 'nobody' },
      communicator,
      [
        async (comm) => {
          await comm.uploadData('x', '/tmp/owned.txt');
          const dir = mkdtempSync(join(work, 'tree-'));
          writeFileSync(join(dir, 'a.txt'), 'a');
          await comm.uploadDir(dir + '/', '/tmp');
          // Only what was sent changes owner: /tmp itself stays root's.
          await comm.run({ command: 'id -un; stat -c %U /tmp/owned.txt /tmp/a.txt /tmp', onStdout: (l) => seen.push(l) });
        },
      ],
      makeContext(),
    );
    expect(res.error).toBeUndefined();
    expect(seen).toEqual(['nobody', 'nobody', 'nobody', 'root']);
  });
});

describe('runsHere', () => {
  it('is true when an engine answers at DOCKER_HOST', async () => {
    const { definition } = await import('../../src/components/builders/docker/schema.js');
    expect(await definition.runsHere!()).toBe(true);
  });
});

describe('docker builder failures leave no container behind', () => {
  it('an image that does not exist', async () => {
    const before = await podman.containers();
    const res = await runBuilder(builder, { image: 'local/no-such-image:1', pull: false, commit: true }, communicator, [], makeContext());
    expect(res.error?.message).toContain('The image "local/no-such-image:1" does not exist');
    expect(res.error?.message).toContain('"pull" is false');
    expect(await podman.containers()).toEqual(before);
  });

  it('a pull that cannot reach a registry', async () => {
    const res = await runBuilder(builder, { image: 'local/no-such-image:1', commit: true }, communicator, [], makeContext());
    expect(res.error?.message).toMatch(/^Error pulling Docker image local\/no-such-image:1: /);
    expect(await podman.containers()).toEqual([]);
  });

  it('a failing provisioner', async () => {
    const ctx = makeContext();
    const res = await runBuilder(
      builder,
      { image: BASE_IMAGE, pull: false, commit: true },
      communicator,
      [
        async (comm) => {
          const r = await comm.run({ command: 'exit 7' });
          if (r.exitCode !== 0) throw new Error(`Script exited with non-zero exit status: ${r.exitCode}`);
        },
      ],
      ctx,
    );
    expect(res.error?.message).toBe('Script exited with non-zero exit status: 7');
    expect(ctx.rec.lines.some((l) => l.startsWith('==> Killing the container'))).toBe(true);
    expect(await podman.containers()).toEqual([]);
  });

  it('cancel (the signal the engine aborts on Ctrl-C) during provisioning', async () => {
    const ac = new AbortController();
    const ctx = makeContext({ signal: ac.signal });
    const res = await runBuilder(
      builder,
      { image: BASE_IMAGE, pull: false, commit: true },
      communicator,
      [
        async (comm, c) => {
          setTimeout(() => ac.abort(), 300);
          await comm.run({ command: 'sleep 30', signal: c.signal });
        },
      ],
      ctx,
    );
    expect(res.artifact).toBeUndefined();
    expect(await podman.containers()).toEqual([]);
  });
});
