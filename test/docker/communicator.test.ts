// The docker communicator against a real container (Podman's Docker API): the full Communicator
// contract that the shell and file provisioners rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_IMAGE, startPodman, type PodmanService } from '../helpers/podman.js';
import { makeContext } from './harness.js';
import { communicator } from '../../src/components/communicators/docker/index.js';
import type { Communicator } from '../../src/core/components.js';
import { createRequest } from '../../src/docker/run-command.js';

let podman: PodmanService;
let comm: Communicator;
let containerId: string;
let work: string;

beforeAll(async () => {
  podman = await startPodman();
  const req = createRequest(['-d', '-i', '-t', '--entrypoint=/bin/sh', '--', BASE_IMAGE]);
  containerId = (await podman.client.json('POST', '/containers/create', { query: req.query, body: req.body })).Id;
  await podman.client.call('POST', `/containers/${containerId}/start`);
  comm = await communicator.connect({}, { container_id: containerId, docker_host: podman.dockerHost }, makeContext(), new Map());
  work = mkdtempSync(join(tmpdir(), 'pack-docker-comm-'));
});

afterAll(async () => {
  await podman?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function sh(command: string): Promise<{ code: number | null; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const r = await comm.run({ command, onStdout: (l) => out.push(l), onStderr: (l) => err.push(l) });
  return { code: r.exitCode, out, err };
}

describe('docker communicator', () => {
  it('streams stdout and stderr lines separately and returns exit codes', async () => {
    expect(await sh('echo one; echo two >&2; printf "no newline"; exit 42')).toEqual({
      code: 42,
      out: ['one', 'no newline'],
      err: ['two'],
    });
    expect((await sh('true')).code).toBe(0);
    expect((await sh('kill -9 $$')).code).toBe(137);
  });

  it('streams long output without losing lines', async () => {
    const r = await sh('i=0; while [ $i -lt 5000 ]; do echo line-$i; i=$((i+1)); done');
    expect(r.out).toHaveLength(5000);
    expect(r.out[4999]).toBe('line-4999');
  });

  it('uploads a binary file intact with its mode, reporting progress up to the total', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const src = join(work, 'blob.bin');
    writeFileSync(src, data);
    const seen: [number, number | undefined][] = [];
    await comm.upload(src, '/tmp/blob.bin', { mode: 0o750, onProgress: (b, t) => seen.push([b, t]) });
    expect(seen.at(-1)).toEqual([data.length, data.length]);
    expect(seen.every(([b], i) => i === 0 || b >= seen[i - 1][0])).toBe(true);
    expect((await sh('stat -c %a /tmp/blob.bin; md5sum /tmp/blob.bin')).out[0]).toBe('750');

    const back = join(work, 'blob.back');
    const down: number[] = [];
    await comm.download('/tmp/blob.bin', back, { onProgress: (b) => down.push(b) });
    expect(readFileSync(back).equals(data)).toBe(true);
    expect(down.at(-1)).toBe(data.length);
  });

  it('puts a file sent to an existing folder inside it, as cp and scp do; refuses data over a folder', async () => {
    const src = join(work, 'motd');
    writeFileSync(src, 'into the folder\n');
    await comm.upload(src, '/etc');
    expect((await sh('cat /etc/motd; test -d /etc && echo still-a-folder')).out).toEqual(['into the folder', 'still-a-folder']);
    await expect(comm.uploadData('x', '/etc')).rejects.toThrow('cannot write to /etc: it is a folder in the container');
  });

  it('uploads data as a file', async () => {
    await comm.uploadData('inline\n', '/root/inline.sh', { mode: 0o700 });
    expect((await sh('cat /root/inline.sh; stat -c %a /root/inline.sh')).out).toEqual(['inline', '700']);
  });

  it('uploads folders with the trailing-slash rule, symlinks included, and downloads them back', async () => {
    const src = join(work, 'tree');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'a.txt'), 'A');
    writeFileSync(join(src, 'b.txt'), 'B');
    symlinkSync('b.txt', join(src, 'link'));
    await comm.uploadDir(src, '/opt/itself');
    await comm.uploadDir(src + '/', '/opt/contents');
    expect((await sh('cd /opt && find itself contents | sort')).out).toEqual([
      'contents',
      'contents/b.txt',
      'contents/link',
      'contents/sub',
      'contents/sub/a.txt',
      'itself',
      'itself/tree',
      'itself/tree/b.txt',
      'itself/tree/link',
      'itself/tree/sub',
      'itself/tree/sub/a.txt',
    ]);
    expect((await sh('readlink /opt/contents/link')).out).toEqual(['b.txt']);

    const d1 = join(work, 'down1');
    await comm.downloadDir('/opt/contents/', d1);
    expect(readFileSync(join(d1, 'sub', 'a.txt'), 'utf8')).toBe('A');
    expect(readlinkSync(join(d1, 'link'))).toBe('b.txt');
    const d2 = join(work, 'down2');
    await comm.downloadDir('/opt/contents', d2);
    expect(statSync(join(d2, 'contents', 'b.txt')).isFile()).toBe(true);
    expect(lstatSync(join(d2, 'contents', 'link')).isSymbolicLink()).toBe(true);
  });

  it('says which remote path is missing on download', async () => {
    await expect(comm.download('/no/such/file', join(work, 'x'))).rejects.toThrow('cannot download /no/such/file: it does not exist in the container');
  });

  it('stops waiting for a command when its signal aborts', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await comm.run({ command: 'sleep 20', signal: ac.signal });
    expect(r.exitCode).toBeNull();
  });

  it('feeds stdin from bytes and from a stream, and gives raw output chunks beside the lines', async () => {
    const lines: string[] = [];
    const r = await comm.run({ command: 'cat; echo done', stdin: 'from bytes\n', onStdout: (l) => lines.push(l) });
    expect(r.exitCode).toBe(0);
    expect(lines).toEqual(['from bytes', 'done']);
    const big = Buffer.alloc(2 * 1024 * 1024 + 5, 'y');
    const chunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    const r2 = await comm.run({
      command: 'wc -c; echo oops >&2; exit 3',
      stdin: Readable.from([big.subarray(0, 10), big.subarray(10)]),
      onStdoutData: (c) => chunks.push(c),
      onStderrData: (c) => errChunks.push(c),
    });
    expect(r2.exitCode).toBe(3);
    expect(Buffer.concat(chunks).toString().trim()).toBe(String(big.length));
    expect(Buffer.concat(errChunks).toString()).toBe('oops\n');
  });
});
