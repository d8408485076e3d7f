// The engine going away in the middle of a request (killed, restarted): one message naming the engine, not
// node's "read ECONNRESET". A local server that resets each connection stands in for an engine killed at
// that moment, which the real one (test/robust/leaks.test.ts kills Podman during an upload) hits only now
// and then.
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DockerClient } from '../../src/docker/client.js';
import { UserError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'pack-docker-reset-'));
const socketPath = join(dir, 'engine.sock');
let server: Server;

beforeAll(async () => {
  // It reads the first bytes of a request, then drops the connection.
  server = createServer((socket) => socket.once('data', () => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

it('a connection the engine resets mid-request is "Cannot reach a Docker engine", naming it', async () => {
  const client = new DockerClient({ socketPath, url: `unix://${socketPath}`, source: 'DOCKER_HOST' });
  const err = await client.request('POST', '/containers/x/archive', { body: Buffer.alloc(64 * 1024) }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as Error).message).toMatch(new RegExp(`^Cannot reach a Docker engine through DOCKER_HOST=unix://${socketPath}: (ECONNRESET|EPIPE)`));
});
