// A DockerDriver that talks to no engine: it records every call and answers from its fields
// (after packer-plugin-docker's driver_mock.go).
import { Readable } from 'node:stream';
import { DockerApiError, DockerClient } from '../../src/docker/client.js';
import type { CreateContainer, DockerDriver } from '../../src/docker/driver.js';
import type { ProgressMessage } from '../../src/docker/client.js';

export class MockDockerDriver implements DockerDriver {
  readonly client = new DockerClient({ socketPath: '/nonexistent.sock', url: 'unix:///nonexistent.sock', source: 'default' });
  readonly endpointUrl = 'unix:///mock.sock';
  calls: string[] = [];
  created: CreateContainer[] = [];
  /** Images the engine has; a create from another fails with 404. */
  images = new Set(['busybox']);
  pullMessages: ProgressMessage[] = [{ status: 'Pulling fs layer', id: 'l1' }, { status: 'Download complete', id: 'l1' }];
  ip: string | undefined = '10.88.0.5';
  commitAnswer: { Id?: string; id?: string } = { Id: 'sha256:' + 'ab'.repeat(32) };
  exportBytes = Buffer.from('tar bytes');

  describeEndpoint(): string {
    return 'the mock engine';
  }
  async ping(): Promise<void> {
    this.calls.push('ping');
  }
  async pull(image: string, _platform: string | undefined, _headers: Record<string, string>, _signal: AbortSignal, onMessage: (m: ProgressMessage) => void) {
    this.calls.push(`pull ${image}`);
    this.pullMessages.forEach(onMessage);
  }
  async createContainer(req: CreateContainer): Promise<string> {
    this.created.push(req);
    const image = (req.body as { Image?: string }).Image ?? '';
    if (!this.images.has(image)) throw new DockerApiError(404, `No such image: ${image}`);
    this.calls.push(`create ${req.query.name}`);
    return 'c0ffee';
  }
  async startContainer(id: string): Promise<void> {
    this.calls.push(`start ${id}`);
  }
  async containerIp(): Promise<string | undefined> {
    return this.ip;
  }
  async removeContainer(ref: string): Promise<void> {
    this.calls.push(`remove ${ref}`);
    if (ref !== 'c0ffee') throw new DockerApiError(404, 'no such container');
  }
  async commit(id: string, o: { author?: string; comment?: string; changes: string[] }) {
    this.calls.push(`commit ${id} ${JSON.stringify(o)}`);
    return this.commitAnswer;
  }
  async exportContainer(id: string): Promise<Readable> {
    this.calls.push(`export ${id}`);
    return Readable.from([this.exportBytes]);
  }
}
