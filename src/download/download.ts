// Obtains a file a build needs (an ISO, a disk image, any URL): local paths and file:// URLs are
// used in place (found by the project's one local-path resolver: working folder, then the
// template's folder), http(s) URLs are downloaded into a cache (PACKER_CACHE_DIR, default
// ./packer_cache) and reused while the checksum matches. The checksum, a value or a "file:"
// checksum list found the same way, is verified either way.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UserError } from '../errors.js';
import { parseChecksum, type ChecksumAlgorithm, type ChecksumSpec } from './checksum-spec.js';
import { isLocalSource, localSourcePath } from './source.js';

/** Field names and the thing's name, for messages ("iso_url", "iso_checksum", "ISO"). */
export interface DownloadFields {
  url: string;
  checksum: string;
  what: string;
}

export const ISO_FIELDS: DownloadFields = { url: 'iso_url', checksum: 'iso_checksum', what: 'ISO' };

export interface DownloadOptions {
  urls: string[];
  checksum: string;
  /** The template's folder: relative local paths not found in the working folder are looked up there. */
  templateDir: string;
  fields?: DownloadFields;
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
  url: string,
  opts: { templateDir: string; fields?: DownloadFields; signal?: AbortSignal },
): Promise<{ algorithm: ChecksumAlgorithm; hex: string } | undefined> {
  if (spec.kind === 'none') return undefined;
  if (spec.kind === 'value') return spec;
  const field = (opts.fields ?? ISO_FIELDS).checksum;
  const text = isLocalSource(spec.source)
    ? readLocal(localSourcePath(spec.source, opts.templateDir), field)
    : await fetchText(spec.source, field, opts.signal);
  const isoUrl = url;
  const name = basename(isoUrl.startsWith('file://') || /^[a-z]+:\/\//i.test(isoUrl) ? new URL(isoUrl).pathname : isoUrl);
  for (const line of text.split('\n')) {
    const gnu = /^([0-9a-fA-F]+)\s+\*?(.+?)\s*$/.exec(line);
    const bsd = /^(\w+)\s*\((.+)\)\s*=\s*([0-9a-fA-F]+)\s*$/.exec(line);
    const [hex, file] = gnu ? [gnu[1], gnu[2]] : bsd ? [bsd[3], bsd[2]] : [];
    if (!hex || !file || basename(file.replace(/^\.\//, '')) !== name) continue;
    const algorithm =
      spec.algorithm ??
      (Object.entries(HEX_LENGTH).find(([, n]) => n === hex.length)?.[0] as ChecksumAlgorithm | undefined);
    if (!algorithm) throw new UserError(`${field}: cannot tell the checksum type of "${hex}" in ${spec.source}`);
    return { algorithm, hex: hex.toLowerCase() };
  }
  throw new UserError(`${field}: ${spec.source} lists no checksum for ${name}`);
}

function readLocal(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`${field}: cannot read the checksum file ${path}`);
  }
}

async function fetchText(url: string, field: string, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    throw new UserError(`${field}: cannot download ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new UserError(`${field}: downloading ${url} failed: HTTP ${res.status}`);
  return res.text();
}

/** Returns the local path of a verified file. Tries the URLs in order. */
export async function obtainFile(opts: DownloadOptions): Promise<string> {
  const f = opts.fields ?? ISO_FIELDS;
  const spec = parseChecksum(opts.checksum, f.checksum);
  if (typeof spec === 'string') throw new UserError(spec);
  const failures: string[] = [];
  for (const url of opts.urls) {
    try {
      const expected = await resolveChecksum(spec, url, opts);
      const path = isLocalSource(url) ? await useLocal(url, opts) : await download(url, expected, opts);
      if (expected) await verify(path, expected, url, !isLocalSource(url), f);
      return path;
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      failures.push((e as Error).message);
      opts.log?.(`${url}: ${(e as Error).message}`);
    }
  }
  if (failures.length === 1) throw new UserError(failures[0]);
  throw new UserError(`no ${f.what} could be obtained:\n  ${failures.join('\n  ')}`);
}

async function useLocal(url: string, opts: DownloadOptions): Promise<string> {
  const f = opts.fields ?? ISO_FIELDS;
  const path = localSourcePath(url, opts.templateDir);
  if (!existsSync(path) || !statSync(path).isFile()) {
    const where = isAbsolute(url) || url.startsWith('file://') ? '' : ` (looked in the working folder and in the template's folder, ${opts.templateDir})`;
    throw new UserError(`${f.url}: ${path} does not exist${where}: give a path to the ${f.what}, or an http(s) URL`);
  }
  return path;
}

async function verify(path: string, expected: { algorithm: ChecksumAlgorithm; hex: string }, url: string, removeBad: boolean, f: DownloadFields) {
  const actual = await fileDigest(path, expected.algorithm);
  if (actual !== expected.hex) {
    if (removeBad) rmSync(path, { force: true });
    throw new UserError(
      `${f.checksum}: ${url} has ${expected.algorithm} ${actual}, but the template expects ${expected.hex}: fix ${f.checksum} or the URL`,
    );
  }
}

async function download(url: string, expected: { algorithm: string; hex: string } | undefined, opts: DownloadOptions): Promise<string> {
  const f = opts.fields ?? ISO_FIELDS;
  const key = createHash('sha1').update(expected ? `${expected.algorithm}:${expected.hex}` : url).digest('hex');
  const target = opts.targetPath ?? join(opts.cacheDir, `${key}.${opts.extension}`);
  if (!opts.skipCache && existsSync(target)) {
    opts.log?.(`Using the cached ${f.what} ${target}`);
    return target;
  }
  mkdirSync(opts.cacheDir, { recursive: true });
  opts.log?.(`Downloading ${url}`);
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal });
  } catch (e) {
    throw new UserError(`${f.url}: cannot download ${url}: ${(e as Error).message}`);
  }
  if (!res.ok || !res.body) throw new UserError(`${f.url}: downloading ${url} failed: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || undefined;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onProgress?.(bytes, total, false);
      done(null, chunk);
    },
  });
  const partial = `${target}.part`;
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(partial), { signal: opts.signal });
  } catch (e) {
    rmSync(partial, { force: true });
    throw opts.signal?.aborted ? e : new UserError(`${f.url}: downloading ${url} failed: ${(e as Error).message}`);
  }
  opts.onProgress?.(bytes, total ?? bytes, true);
  renameSync(partial, target);
  return target;
}
