// What the docker builder's steps need of the Engine API, behind one small interface (after
// packer-plugin-docker's driver.go): the real driver speaks to Docker or Podman through
// DockerClient; test/docker/driver-mock.ts records calls so the steps are unit-tested in-process.
import type { Readable } from 'node:stream';
import { DockerClient, type ProgressMessage } from './client.js';
import { describeEndpoint } from './endpoint.js';

export interface CreateContainer {
  query: { name?: string; platform?: string };
  body: unknown;
}

export interface DockerDriver {
  /** The engine's address, for messages and for the communicator. */
  readonly endpointUrl: string;
  describeEndpoint(): string;
  ping(signal?: AbortSignal): Promise<void>;
  pull(image: string, platform: string | undefined, headers: Record<string, string>, signal: AbortSignal, onMessage: (m: ProgressMessage) => void): Promise<void>;
  /** The new container's id; DockerApiError 404 when the image does not exist. */
  createContainer(req: CreateContainer): Promise<string>;
  startContainer(id: string): Promise<void>;
  containerIp(id: string): Promise<string | undefined>;
  /** Removes a container by id or name (forced, with its volumes); DockerApiError 404 when there is none. */
  removeContainer(ref: string): Promise<void>;
  /** The engine's answer: { Id } (Docker) or { id } (Podman). */
  commit(id: string, opts: { author?: string; comment?: string; changes: string[] }): Promise<{ Id?: string; id?: string }>;
  exportContainer(id: string, signal: AbortSignal): Promise<Readable>;
  /** The client, for artifacts and post-processors that keep working with the image. */
  readonly client: DockerClient;
}

export function realDockerDriver(client: DockerClient): DockerDriver {
  return {
    client,
    endpointUrl: client.endpoint.url,
    describeEndpoint: () => describeEndpoint(client.endpoint),
    ping: (signal) => client.ping(signal),
    async pull(image, platform, headers, signal, onMessage) {
      await client.progress('POST', '/images/create', { query: { fromImage: image, platform }, headers, signal }, onMessage);
    },
    async createContainer(req) {
      const created = await client.json<{ Id: string }>('POST', '/containers/create', { query: req.query, body: req.body });
      return created.Id;
    },
    startContainer: (id) => client.call('POST', `/containers/${id}/start`, { accept: [304] }),
    async containerIp(id) {
      const info = await client.json<{ NetworkSettings?: { IPAddress?: string } }>('GET', `/containers/${id}/json`);
      return info.NetworkSettings?.IPAddress || undefined;
    },
    removeContainer: (ref) => client.call('DELETE', `/containers/${encodeURIComponent(ref)}`, { query: { force: true, v: true } }),
    // Podman wants a JSON body, and takes CMD/LABEL... only as changes= parameters (Docker takes both).
    commit: (id, o) =>
      client.json('POST', '/commit', { query: { container: id, author: o.author, comment: o.comment, changes: o.changes, pause: true }, body: {} }),
    exportContainer: (id, signal) => client.request('GET', `/containers/${id}/export`, { signal }),
  };
}
