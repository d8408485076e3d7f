// The docker builder's steps in-process against a fake driver: the Engine API calls they make,
// the state they leave (typed keys), and the messages for a missing image. Podman runs the real
// thing in builder.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getState, type BuildContext, type CommonSteps, type StateBag, type Step } from '../../src/core/components.js';
import { runSteps } from '../../src/core/multistep.js';
import { dockerBuilder } from '../../src/components/builders/docker/index.js';
import { S } from '../../src/components/builders/docker/steps.js';
import { decoded } from '../helpers/decode.js';
import { MockDockerDriver } from './driver-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'pack-docker-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines: string[] = [];
const ctx = {
  buildName: 'x', displayName: 'x', builderType: 'docker', templateDir: dir, signal: new AbortController().signal,
  ui: { say: (t: string) => lines.push(t), message: (t: string) => lines.push(t), error: (t: string) => lines.push(`error: ${t}`), output: () => {}, progress: () => {}, ask: async () => '' },
  onError: 'cleanup', debug: false, force: false, runUuid: 'r', addSecret: () => {}, tempDir: dir,
  render: (text: string) => text,
} as unknown as BuildContext;

let target: Record<string, unknown> = {};
const common: CommonSteps = {
  connect: (t): Step => ({ id: 'connect', title: 'connect', kind: 'connect', run: async (state) => ((target = t?.(state) ?? {}), 'continue') }),
  provision: (): Step => ({ id: 'provision', title: 'provision', kind: 'provision', run: async () => 'continue' }),
};

async function build(raw: Record<string, unknown>, d: MockDockerDriver) {
  const builder = dockerBuilder(decoded('builder', 'docker', raw), d);
  const state: StateBag = new Map();
  const result = await runSteps(builder.steps(common), { state, ctx, onError: 'cleanup', debug: false, hooks: { start: () => {}, end: () => {} } });
  return { result, state, artifact: await builder.artifact(state, ctx) };
}

describe('docker builder steps over a fake driver', () => {
  it('pull, create and start, hand the container to the communicator, commit, remove', async () => {
    const d = new MockDockerDriver();
    const { result, state, artifact } = await build({ image: 'busybox', commit: true, changes: ['CMD ["sh"]'], author: 'me' }, d);
    expect(result.error?.message).toBeUndefined();
    const name = getState(state, S.containerName)!;
    expect(name).toMatch(/^pack-/);
    expect(d.calls).toEqual(['ping', 'pull busybox', `create ${name}`, 'start c0ffee', `commit c0ffee {"author":"me","changes":["CMD [\\"sh\\"]"]}`, 'remove c0ffee']);
    expect(target).toMatchObject({ container_id: 'c0ffee', docker_host: 'unix:///mock.sock', host: '10.88.0.5', ssh_host: '10.88.0.5' });
    expect(getState(state, S.imageId)).toBe('sha256:' + 'ab'.repeat(32));
    expect(artifact?.id).toBe('sha256:' + 'ab'.repeat(32));
    expect(lines).toContain('l1: Pulling fs layer');
  });

  it('a missing image with pull false: a message that says what to do; cleanup looks for the container by name', async () => {
    const d = new MockDockerDriver();
    const { result } = await build({ image: 'nope:1', pull: false, discard: true }, d);
    expect(result.error?.message).toBe('The image "nope:1" does not exist locally, and "pull" is false: No such image: nope:1. Pull or build it first, or set "pull": true.');
    expect(d.calls.filter((c) => c.startsWith('pull'))).toEqual([]);
    // Nothing was created: the removal by name finds nothing (404) and says nothing.
    expect(d.calls.at(-1)).toMatch(/^remove pack-/);
    expect(lines.filter((l) => l.startsWith('error:'))).toEqual([]);
  });

  it('export_path: the container is written to the file, atomically', async () => {
    const d = new MockDockerDriver();
    const path = join(dir, 'out.tar');
    const { result, state } = await build({ image: 'busybox', export_path: path }, d);
    expect(result.error?.message).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('tar bytes');
    expect(getState(state, S.exportPath)).toBe(path);
  });
});
