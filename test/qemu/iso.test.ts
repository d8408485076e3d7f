// ISO retrieval against a real HTTP server on loopback: download with progress, cache reuse,
// checksum values and SUMS files, bad checksums, missing files. Plus the guest's HTTP server.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { obtainFile as obtainIso } from '../../src/download/download.js';
import { startHttpServer } from '../../src/net/http-server.js';
import { UserError } from '../../src/errors.js';

const body = Buffer.alloc(300_000, 7);
const sha256 = createHash('sha256').update(body).digest('hex');
let dir: string;
let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pack-qemu-iso-'));
  writeFileSync(join(dir, 'local.iso'), body);
  writeFileSync(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  other.iso\n${sha256} *local.iso\n`);
  server = createServer((req, res) => {
    if (req.url === '/disk.iso') {
      hits++;
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    } else if (req.url === '/SUMS') {
      res.end(`SHA256 (disk.iso) = ${sha256}\n`);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const opts = (urls: string[], checksum: string, extra = {}) => ({
  urls, checksum, templateDir: dir, cacheDir: join(dir, 'cache'), extension: 'iso', skipCache: false, ...extra,
});

describe('obtainIso', () => {
  test('a local path and a file:// URL are used in place, verified', async () => {
    expect(await obtainIso(opts(['local.iso'], `sha256:${sha256}`))).toBe(join(dir, 'local.iso'));
    expect(await obtainIso(opts([`file://${dir}/local.iso`], 'file:SHA256SUMS'))).toBe(join(dir, 'local.iso'));
  });
  test('http downloads report progress, land in the cache, and are reused', async () => {
    const progress: [number, boolean][] = [];
    const path = await obtainIso(opts([`${base}/disk.iso`], `sha256:${sha256}`, { onProgress: (b: number, _t: unknown, d: boolean) => progress.push([b, d]) }));
    expect(path.startsWith(join(dir, 'cache'))).toBe(true);
    expect(progress.at(-1)).toEqual([body.length, true]);
    const before = hits;
    expect(await obtainIso(opts([`${base}/disk.iso`], `sha256:${sha256}`))).toBe(path);
    expect(hits).toBe(before);
    await obtainIso(opts([`${base}/disk.iso`], `file:${base}/SUMS`, { skipCache: true }));
    expect(hits).toBe(before + 1);
  });
  test('iso_urls: the first URL that works is used', async () => {
    const path = await obtainIso(opts([`${base}/missing.iso`, `${base}/disk.iso`], 'none'));
    expect(existsSync(path)).toBe(true);
  });
  test('a wrong checksum is a clear error and leaves no download behind', async () => {
    const wrong = `sha256:${'1'.repeat(64)}`;
    const err = await obtainIso(opts([`${base}/disk.iso`], wrong, { cacheDir: join(dir, 'cache2') })).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/has sha256 [0-9a-f]{64}, but the template expects 1111/);
    expect(readdirSync(join(dir, 'cache2'))).toEqual([]);
  });
  test('a missing ISO names the path', async () => {
    const err = await obtainIso(opts(['nope.iso'], 'none')).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain(`nope.iso does not exist (looked in the working folder and in the template's folder, ${dir})`);
  });
  test('a SUMS file without the ISO is an error', async () => {
    const err = await obtainIso(opts(['local.iso'], `file:${base}/SUMS`)).catch((e) => e);
    expect(err.message).toMatch(/lists no checksum for local.iso/);
  });
});

test('the guest HTTP server serves http_directory and http_content, never outside the folder', async () => {
  const www = join(dir, 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, 'a.txt'), 'from dir');
  const lines: string[] = [];
  const s = await startHttpServer({ directory: www, content: { '/ks.cfg': 'from content' }, bindAddress: '127.0.0.1', portMin: 20000, portMax: 30000, onRequest: (l) => lines.push(l) });
  try {
    const get = async (p: string) => {
      const r = await fetch(`http://127.0.0.1:${s.port}${p}`);
      return `${r.status} ${await r.text()}`;
    };
    expect(await get('/a.txt')).toBe('200 from dir');
    expect(await get('/ks.cfg')).toBe('200 from content');
    expect(await get('/%2e%2e/SHA256SUMS')).toMatch(/^404/);
    expect(await get('/missing')).toMatch(/^404/);
    expect(lines).toContain('HTTP GET /a.txt 200');
  } finally {
    await s.close();
  }
});
