// Writes a user's file safely: into a temp file beside the target, then renamed over it, so a
// crash or a full disk never leaves half a file. A symbolic link is followed (the file it
// points to is rewritten, the link stays), and an existing file keeps its mode (a 0600 var file
// stays 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
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

export interface AtomicWriteOptions {
  /** The mode of a new file (an existing one keeps its own). Default 0644. */
  mode?: number;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const target = await writeTarget(path);
  const mode = await stat(target).then((s) => s.mode & 0o7777, () => opts.mode ?? 0o644);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx', mode });
    // writeFile's mode passes through the umask: set it exactly.
    await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw writeError(path, err);
  }
}

/** The same, for the few callers that cannot wait (state written while a process starts). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    /* a new file */
  }
  let mode = opts.mode ?? 0o644;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    /* a new file */
  }
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: 'wx', mode });
    chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw writeError(path, err);
  }
}
