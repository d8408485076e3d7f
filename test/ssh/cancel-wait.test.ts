// Cancelling while a handshake stalls: QEMU's port forward (and some load balancers) accept the
// TCP connection and then say nothing, so one attempt could hold Ctrl-C for its whole ready timeout.
import { test, expect } from 'vitest';
import { createServer, type Socket } from 'node:net';
import { waitForSsh } from '../../src/ssh/connect.js';
import type { SshOptions } from '../../src/ssh/options.js';

test('Ctrl-C ends the wait for SSH even while a handshake is stalled', { timeout: 20_000 }, async () => {
  const sockets: Socket[] = [];
  const server = createServer((s) => sockets.push(s)); // accepts, never speaks
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const options: SshOptions = {
    host: '127.0.0.1',
    port,
    username: 'nobody',
    password: 'x',
    timeout: 5 * 60_000, // without the fix, one attempt alone lasts 30 s: past this test's limit
    handshakeAttempts: 10,
    keepAliveInterval: 5000,
    readWriteTimeout: 0,
    pty: false,
    transfer: 'sftp',
    pauseBeforeConnecting: 0,
    clearAuthorizedKeys: false,
  };
  const controller = new AbortController();
  const said: string[] = [];
  try {
    const waiting = waitForSsh(options, { say: (t) => said.push(t), message: (t) => said.push(t) }, controller.signal);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => sockets.length > 0 && (clearInterval(poll), resolve()), 20);
    });
    controller.abort();
    await expect(waiting).rejects.toThrow(/cancelled while waiting for SSH/);
    expect(said).toContain('Waiting for SSH to become available...');
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});
