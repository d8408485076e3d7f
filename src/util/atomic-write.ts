// Writes a user's file safely: into a temp file beside the target, then renamed over it (or, to
// never replace one, linked into place), so a crash or a full disk never leaves half a file.
// Every temp-and-rename in pack goes through writeAtomicWith. A symbolic link is followed (the file it
// points to is rewritten, the link stays), and an existing file keeps its mode (a 0600 var file
// stays 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, linkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, link, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

/** A write error as a user should read it: the file, and what went wrong in words. */
export function writeError(path: string, err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOENT: 'its folder does not exist',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of the path is not a folder',
  };
  if (e && typeof e.code === 'string' && why[e.code]) return new UserError(`cannot write ${path}: ${why[e.code]} (${e.code})`);
  return err instanceof Error ? err : new Error(String(err));
}

/** The file a write to `path` should change: the target of a link, else `path` itself. */
async function writeTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

function writeTargetSync(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export interface AtomicWriteOptions {
  /** The mode of a new file (an existing one keeps its own, unless `exactMode`). Default 0644. */
  mode?: number;
  /** Give the file `mode` even when it replaces one with another mode (a secrets file stays private). */
  exactMode?: boolean;
  /**
   * Never replace an existing file: the finished temp file is linked into place, which fails with
   * EEXIST (the error's code) when the target exists, in one atomic step with no window for a race.
   */
  exclusive?: boolean;
}

function tempBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * The one temp-and-rename: `fill(tmp, mode)` creates and writes the temp file beside the target
 * (flag "wx"), then it is given its mode and put in place. On any failure the temp file goes and the
 * error names `path` (writeError). Returns what `fill` returned.
 */
export async function writeAtomicWith<T>(path: string, fill: (tmp: string, mode: number) => Promise<T>, opts: AtomicWriteOptions = {}): Promise<T> {
  const target = await writeTarget(path);
  const mode = opts.exclusive || opts.exactMode ? (opts.mode ?? 0o644) : await stat(target).then((s) => s.mode & 0o7777, () => opts.mode ?? 0o644);
  const tmp = tempBeside(target);
  try {
    const result = await fill(tmp, mode);
    // The create's mode passes through the umask: set it exactly.
    await chmod(tmp, mode);
    if (opts.exclusive) {
      await link(tmp, target);
      await rm(tmp, { force: true });
    } else await rename(tmp, target);
    return result;
  } catch (err) {
    await rm(tmp, { force: true });
    throw writeError(path, err);
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  await writeAtomicWith(path, (tmp, mode) => writeFile(tmp, data, { flag: 'wx', mode }), opts);
}

/** A stream's bytes into `path`, atomically; `onBytes` hears the running count. Returns the byte count. */
export async function writeStreamAtomic(
  path: string,
  source: AsyncIterable<Uint8Array | string>,
  opts: AtomicWriteOptions & { onBytes?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<number> {
  let bytes = 0;
  const count = async function* (chunks: AsyncIterable<Uint8Array | string>) {
    for await (const chunk of chunks) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      opts.onBytes?.(bytes);
      yield chunk;
    }
  };
  await writeAtomicWith(
    path,
    (tmp, mode) => pipeline(source, count, createWriteStream(tmp, { flags: 'wx', mode }), opts.signal ? { signal: opts.signal } : {}),
    opts,
  );
  return bytes;
}

/** writeFileAtomic for the few callers that cannot wait (state written while a process starts, pack init's files). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  const target = writeTargetSync(path);
  let mode = opts.mode ?? 0o644;
  if (!opts.exclusive && !opts.exactMode) {
    try {
      mode = statSync(target).mode & 0o7777;
    } catch {
      /* a new file */
    }
  }
  const tmp = tempBeside(target);
  try {
    writeFileSync(tmp, data, { flag: 'wx', mode });
    chmodSync(tmp, mode);
    if (opts.exclusive) {
      linkSync(tmp, target);
      rmSync(tmp, { force: true });
    } else renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeError(path, err);
  }
}
