// sshDial when ssh fails at once: the connection's error must be ssh's own (ESSHDIAL, with its message),
// never a bare "Premature close" from ssh's stdin closing first. A stand-in `ssh` that closes its stdin
// and exits 255 makes that order happen every time; the real ssh does it only now and then (the
// DOCKER_HOST=ssh:// test in remote.test.ts failed so, 1 run in ~4).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sshDial } from '../../src/docker/ssh-dial.js';

const bin = mkdtempSync(join(tmpdir(), 'pack-ssh-dial-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
writeFileSync(join(bin, 'ssh'), '#!/bin/sh\nexec 0<&-\necho "nobody@host: Permission denied (publickey)." >&2\nexit 255\n');
chmodSync(join(bin, 'ssh'), 0o755);

it("reports ssh's failure, whatever closes first", async () => {
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    for (let i = 0; i < 20; i++) {
      const conn = sshDial({ host: 'host' });
      const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
        conn.on('error', resolve);
        conn.on('close', () => resolve(new Error('closed without an error')));
        // What http does: write the request at once, then read.
        const write = () => conn.write('GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n', () => {});
        write();
        setTimeout(write, 20);
        conn.resume();
      });
      expect([err.code, err.message]).toEqual(['ESSHDIAL', 'ssh to host failed (exit 255): nobody@host: Permission denied (publickey).']);
    }
  } finally {
    process.env.PATH = path;
  }
});
