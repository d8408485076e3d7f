// Image operations shared by the builder and the post-processors.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { DockerClient } from './client.js';
import { writeStreamAtomic } from '../util/atomic-write.js';

/** Writes a stream to `path` through a temporary file, so a failure leaves no half-written file. */
export async function writeStreamAtomically(stream: Readable, path: string, onBytes?: (bytes: number) => void): Promise<number> {
  await fs.mkdir(dirname(path), { recursive: true });
  return writeStreamAtomic(path, stream, { onBytes });
}

/** Refuses to replace a user's file unless -force was given. */
export async function refuseOverwrite(path: string, force: boolean, field: string): Promise<void> {
  if (force) return;
  const exists = await fs.stat(path).then(
    () => true,
    () => false,
  );
  if (exists) throw new Error(`${field}: ${path} already exists; remove it or run with -force to replace it`);
}

export async function inspectImage(client: DockerClient, name: string): Promise<{ Id: string; RepoTags?: string[] }> {
  return client.json('GET', `/images/${encodeURIComponent(name)}/json`);
}

/** "repo:tag" -> { repo, tag }; a ":" inside a registry host:port is not a tag. */
export function splitReference(ref: string): { repo: string; tag?: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repo: ref.slice(0, at) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repo: ref };
}

export async function tagImage(client: DockerClient, image: string, repo: string, tag: string): Promise<void> {
  await client.call('POST', `/images/${encodeURIComponent(image)}/tag`, { query: { repo, tag } });
}

/** Docker answers "sha256:<hex>", Podman a bare hex digest: give the artifact Docker's form, as Packer shows it. */
export function normalizeImageId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}
