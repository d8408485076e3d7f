// Finds the ISO (or disk image): local paths and file:// URLs are used in place, http(s) URLs
// are downloaded into a cache (PACKER_CACHE_DIR, default ./packer_cache) and reused while the
// checksum matches. The checksum is verified either way.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UserError } from '../errors.js';
import { parseChecksum, type ChecksumAlgorithm, type ChecksumSpec } from './checksum-spec.js';
import { isLocalSource, localPath } from '../components/builders/qemu/schema.js';

export interface IsoOptions {
  urls: string[];
  checksum: string;
  baseDir: string;
  cacheDir: string;
  targetPath?: string;
  extension: string;
  skipCache: boolean;
  signal?: AbortSignal;
  onProgress?(bytes: number, total: number | undefined, done: boolean): void;
  log?(line: string): void;
}

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

export async function fileDigest(path: string, algorithm: ChecksumAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Resolves "file:" checksums to a value; "none" stays none. */
export async function resolveChecksum(
  spec: ChecksumSpec,
  isoUrl: string,
  baseDir: string,
  signal?: AbortSignal,
): Promise<{ algorithm: ChecksumAlgorithm; hex: string } | undefined> {
  if (spec.kind === 'none') return undefined;
  if (spec.kind === 'value') return spec;
  const text = isLocalSource(spec.source)
    ? readLocal(localPath(spec.source, baseDir))
    : await fetchText(spec.source, signal);
  const name = basename(isoUrl.startsWith('file://') || /^[a-z]+:\/\//i.test(isoUrl) ? new URL(isoUrl).pathname : isoUrl);
  for (const line of text.split('\n')) {
    const gnu = /^([0-9a-fA-F]+)\s+\*?(.+?)\s*$/.exec(line);
    const bsd = /^(\w+)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)\s*$/.exec(line);
    const [hex, file] = gnu ? [gnu[1], gnu[2]] : bsd ? [bsd[3], bsd[2]] : [];
    if (!hex || !file || basename(file.replace(/^\.\//, '')) !== name) continue;
    const algorithm =
      spec.algorithm ??
      (Object.entries(HEX_LENGTH).find(([, n]) => n === hex.length)?.[0] as ChecksumAlgorithm | undefined);
    if (!algorithm) throw new UserError(`iso_checksum: cannot tell the checksum type of "${hex}" in ${spec.source}`);
    return { algorithm, hex: hex.toLowerCase() };
  }
  throw new UserError(`iso_checksum: ${spec.source} lists no checksum for ${name}`);
}

function readLocal(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`iso_checksum: cannot read the checksum file ${path}`);
  }
}

async function fetchText(url: string, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    throw new UserError(`iso_checksum: cannot download ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new UserError(`iso_checksum: downloading ${url} failed: HTTP ${res.status}`);
  return res.text();
}

/** Returns the local path of a verified ISO. Tries the URLs in order. */
export async function obtainIso(opts: IsoOptions): Promise<string> {
  const spec = parseChecksum(opts.checksum);
  if (typeof spec === 'string') throw new UserError(spec);
  const failures: string[] = [];
  for (const url of opts.urls) {
    try {
      const expected = await resolveChecksum(spec, url, opts.baseDir, opts.signal);
      const path = isLocalSource(url) ? await useLocal(url, opts) : await download(url, expected, opts);
      if (expected) await verify(path, expected, url, !isLocalSource(url));
      return path;
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      failures.push((e as Error).message);
      opts.log?.(`${url}: ${(e as Error).message}`);
    }
  }
  if (failures.length === 1) throw new UserError(failures[0]);
  throw new UserError(`no ISO could be obtained:\n  ${failures.join('\n  ')}`);
}

async function useLocal(url: string, opts: IsoOptions): Promise<string> {
  const path = localPath(url, opts.baseDir);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError(`iso_url: ${path} does not exist (give a path to an ISO, or an http(s) URL)`);
  }
  return path;
}

async function verify(path: string, expected: { algorithm: ChecksumAlgorithm; hex: string }, url: string, removeBad: boolean) {
  const actual = await fileDigest(path, expected.algorithm);
  if (actual !== expected.hex) {
    if (removeBad) rmSync(path, { force: true });
    throw new UserError(
      `iso_checksum: ${url} has ${expected.algorithm} ${actual}, but the template expects ${expected.hex}: fix iso_checksum or the URL`,
    );
  }
}

async function download(url: string, expected: { algorithm: string; hex: string } | undefined, opts: IsoOptions): Promise<string> {
  const key = createHash('sha1').update(expected ? `${expected.algorithm}:${expected.hex}` : url).digest('hex');
  const target = opts.targetPath ?? join(opts.cacheDir, `${key}.${opts.extension}`);
  if (!opts.skipCache && existsSync(target)) {
    opts.log?.(`Using the cached ISO ${target}`);
    return target;
  }
  mkdirSync(opts.cacheDir, { recursive: true });
  opts.log?.(`Downloading ${url}`);
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal });
  } catch (e) {
    throw new UserError(`iso_url: cannot download ${url}: ${(e as Error).message}`);
  }
  if (!res.ok || !res.body) throw new UserError(`iso_url: downloading ${url} failed: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || undefined;
  let bytes = 0;
  let lastReport = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (Date.now() - lastReport > 200) {
        lastReport = Date.now();
        opts.onProgress?.(bytes, total, false);
      }
      done(null, chunk);
    },
  });
  const partial = `${target}.part`;
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(partial), { signal: opts.signal });
  } catch (e) {
    rmSync(partial, { force: true });
    throw opts.signal?.aborted ? e : new UserError(`iso_url: downloading ${url} failed: ${(e as Error).message}`);
  }
  opts.onProgress?.(bytes, total ?? bytes, true);
  renameSync(partial, target);
  return target;
}
