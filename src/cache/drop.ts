// Frees what a cache point holds, by the kind of its ref: a docker image in its engine, a qemu
// snapshot in its disk file (the file goes with its last snapshot). Used by `pack cache rm|prune`
// and by the size limit, without loading any template or builder.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { CachePointRef } from '../core/components.js';
import { DockerApiError, DockerClient } from '../docker/client.js';
import { resolveEndpoint } from '../docker/endpoint.js';

const run = promisify(execFile);

/** gone: freed (or already missing); busy: still in use (a child image, a running machine): retry later. */
export type DropResult = 'gone' | 'busy';

export async function dropRef(ref: CachePointRef): Promise<DropResult> {
  switch (ref.kind) {
    case 'docker-image':
      // By its tag: an image someone else also tagged only loses ours.
      return dropDockerImage(String(ref.host), String(ref.tag ?? ref.id));
    case 'qemu-snapshot':
      return dropQemuSnapshot((ref.files as string[] | undefined) ?? [String(ref.file)], String(ref.tag));
    default:
      return 'gone';
  }
}

async function dropDockerImage(host: string, name: string): Promise<DropResult> {
  const client = new DockerClient(resolveEndpoint({ DOCKER_HOST: host }));
  try {
    await client.call('DELETE', `/images/${encodeURIComponent(name)}`, { query: { force: false }, signal: AbortSignal.timeout(60_000) });
    return 'gone';
  } catch (e) {
    if (e instanceof DockerApiError && e.status === 404) return 'gone';
    if (e instanceof DockerApiError && e.status === 409) return 'busy';
    throw e;
  }
}

/** The snapshots in a qcow2 file (their tags). */
export async function qemuSnapshots(file: string): Promise<string[]> {
  const { stdout } = await run('qemu-img', ['snapshot', '-U', '-l', file], { timeout: 60_000 });
  // Lines after the header: "ID TAG VM-SIZE DATE VM-CLOCK ICOUNT".
  return stdout
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[1])
    .filter((t): t is string => !!t);
}

/** Deletes the snapshot from every disk of the machine; the disks (and the saved key) go with their last snapshot. */
async function dropQemuSnapshot(files: string[], tag: string): Promise<DropResult> {
  if (!existsSync(files[0])) return 'gone';
  for (const file of files.filter((f) => existsSync(f))) {
    try {
      await run('qemu-img', ['snapshot', '-d', tag, file], { timeout: 60_000 });
    } catch (e) {
      const text = String((e as { stderr?: string }).stderr ?? (e as Error).message);
      // A running QEMU holds the file's write lock: the build that uses it is not done yet.
      if (/lock/i.test(text)) return 'busy';
      if (!/not found|can't find|could not find/i.test(text)) throw new Error(`qemu-img snapshot -d ${tag} ${file}: ${text.trim()}`);
    }
  }
  if ((await qemuSnapshots(files[0])).length === 0) {
    for (const f of [...files, `${files[0]}.key.json`]) await rm(f, { force: true });
  }
  return 'gone';
}

/** True when a running QEMU holds the file's write lock (a build uses it now). */
export async function qemuFileInUse(file: string): Promise<boolean> {
  try {
    await run('qemu-img', ['info', file], { timeout: 60_000 });
    return false;
  } catch (e) {
    return /lock/i.test(String((e as { stderr?: string }).stderr ?? (e as Error).message));
  }
}
