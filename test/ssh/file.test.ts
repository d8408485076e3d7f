// The file provisioner over the ssh communicator (sftp and scp) against a real OpenSSH sshd on loopback.
// The server's user has uid 0 and runs on this machine, so the "remote" side is checked on local disk.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type SshServer } from '../helpers/sshd.js';
import { provisioner as file } from '../../src/components/provisioners/file/index.js';
import { connect, makeContext, sshConfig } from './context.js';
import { describeTree, makeTree, sha256File } from './tree.js';

let server: SshServer;
let work: string;
beforeAll(async () => {
  server = await startSshd();
  work = mkdtempSync(join(tmpdir(), 'pack-filetest-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe.each(['sftp', 'scp'])('file provisioner over %s', (method) => {
  test('a file to a folder (trailing slash) and to a path, mode kept; content; and back', async () => {
    const t = makeContext();
    try {
      const base = join(work, `${method}-file`);
      const remote = join(base, 'remote');
      mkdirSync(remote, { recursive: true });
      const src = join(t.ctx.templateDir, 'tool.sh');
      writeFileSync(src, '#!/bin/sh\necho tool\n');
      chmodSync(src, 0o751);
      const comm = await connect(t, sshConfig(server, { ssh_file_transfer_method: method }));
      await file.create({ source: 'tool.sh', destination: `${remote}/` }).provision(t.ctx);
      await file.create({ source: src, destination: `${remote}/renamed.sh` }).provision(t.ctx);
      await file.create({ content: 'from content\n', destination: `${remote}/content.txt` }).provision(t.ctx);
      await file.create({ source: `${remote}/tool.sh`, destination: `${base}/back/`, direction: 'download' }).provision(t.ctx);
      await comm.close();
      expect(readFileSync(join(remote, 'tool.sh'), 'utf8')).toBe('#!/bin/sh\necho tool\n');
      expect(statSync(join(remote, 'tool.sh')).mode & 0o777).toBe(0o751);
      expect(statSync(join(remote, 'renamed.sh')).mode & 0o777).toBe(0o751);
      expect(readFileSync(join(remote, 'content.txt'), 'utf8')).toBe('from content\n');
      expect(readFileSync(join(base, 'back', 'tool.sh'), 'utf8')).toBe('#!/bin/sh\necho tool\n');
      expect(statSync(join(base, 'back', 'tool.sh')).mode & 0o777).toBe(0o751);
      expect(t.lines()).toContain(`say: Uploading tool.sh => ${remote}/`);
      expect(t.lines()).toContain(`say: Downloading ${remote}/tool.sh => ${base}/back/`);
      const done = t.events.filter((e) => e.type === 'progress' && e.done);
      expect(done.length).toBe(4);
    } finally {
      t.cleanup();
    }
  });

  test('a folder tree up and down, with the trailing-slash rule and modes kept', async () => {
    const t = makeContext();
    try {
      const base = join(work, `${method}-tree`);
      const local = join(base, 'app');
      makeTree(local);
      const comm = await connect(t, sshConfig(server, { ssh_file_transfer_method: method }));
      // "app" (no slash): the folder itself goes into the destination.
      await file.create({ source: local, destination: `${base}/up1` }).provision(t.ctx);
      // "app/": its contents go into the destination.
      await file.create({ source: `${local}/`, destination: `${base}/up2` }).provision(t.ctx);
      await file.create({ source: `${base}/up2/`, destination: `${base}/down1`, direction: 'download' }).provision(t.ctx);
      await file.create({ source: `${base}/up2`, destination: `${base}/down2/`, direction: 'download' }).provision(t.ctx);
      await comm.close();
      const expected = describeTree(local);
      expect(expected.length).toBe(7);
      expect(describeTree(join(base, 'up1', 'app'))).toEqual(expected);
      expect(describeTree(join(base, 'up2'))).toEqual(expected);
      expect(describeTree(join(base, 'down1'))).toEqual(expected);
      expect(describeTree(join(base, 'down2', 'up2'))).toEqual(expected);
      const last = t.events.filter((e) => e.type === 'progress' && e.done);
      expect(last.length).toBe(4);
    } finally {
      t.cleanup();
    }
  });

  test('a 50 MB file arrives byte for byte, with progress events', async () => {
    const t = makeContext();
    try {
      const base = join(work, `${method}-big`);
      mkdirSync(join(base, 'remote'), { recursive: true });
      const big = join(base, 'big.bin');
      writeFileSync(big, randomBytes(50 * 1024 * 1024));
      const comm = await connect(t, sshConfig(server, { ssh_file_transfer_method: method }));
      await file.create({ source: big, destination: `${base}/remote/` }).provision(t.ctx);
      await file.create({ source: `${base}/remote/big.bin`, destination: `${base}/back.bin`, direction: 'download' }).provision(t.ctx);
      await comm.close();
      const sum = sha256File(big);
      expect(sha256File(join(base, 'remote', 'big.bin'))).toBe(sum);
      expect(sha256File(join(base, 'back.bin'))).toBe(sum);
      const progress = t.events.filter((e) => e.type === 'progress');
      const final = progress.filter((e) => e.type === 'progress' && e.done);
      expect(final.map((e) => e.type === 'progress' && [e.bytes, e.total])).toEqual([
        [52428800, 52428800],
        [52428800, 52428800],
      ]);
      rmSync(base, { recursive: true, force: true });
    } finally {
      t.cleanup();
    }
  });
});

test('with communicator none, the file provisioner copies on this machine', async () => {
  const t = makeContext();
  try {
    const base = join(work, 'none');
    makeTree(join(base, 'app'));
    await file.create({ source: `${base}/app/`, destination: `${base}/copy` }).provision(t.ctx);
    await file.create({ source: `${base}/app/run.sh`, destination: `${base}/one/` }).provision(t.ctx);
    expect(describeTree(join(base, 'copy'))).toEqual(describeTree(join(base, 'app')));
    expect(statSync(join(base, 'one', 'run.sh')).mode & 0o777).toBe(0o755);
  } finally {
    t.cleanup();
  }
});
