// File transfers over one SFTP channel, with many requests in flight (ssh2's fastPut/fastGet).
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import type { TransferOptions } from '../core/components.js';
import { eachLimit, remoteJoin, walkLocal } from './walk.js';

// 64 requests of 64 KiB in flight: enough to keep a loopback or LAN link busy.
const XFER = { concurrency: 64, chunkSize: 65536 };

function cb<T = void>(fn: (done: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))));
}

function sftpMessage(err: unknown, what: string): Error {
  const e = err as Error & { code?: number };
  const reason = e.code === 2 ? 'no such file or folder' : e.code === 3 ? 'permission denied' : e.message;
  return new Error(`${what}: ${reason}`);
}

export async function sftpUploadFile(sftp: SFTPWrapper, local: string, remote: string, opts: TransferOptions = {}): Promise<void> {
  try {
    await cb((done) =>
      sftp.fastPut(local, remote, {
        ...XFER,
        mode: opts.mode,
        step: (bytes, _chunk, total) => opts.onProgress?.(bytes, total),
      }, done),
    );
    if (opts.mode !== undefined) await cb((done) => sftp.chmod(remote, opts.mode!, done));
  } catch (err) {
    throw sftpMessage(err, `upload of ${local} to ${remote} failed`);
  }
}

export async function sftpUploadData(sftp: SFTPWrapper, data: Buffer, remote: string, opts: TransferOptions = {}): Promise<void> {
  try {
    await cb((done) => sftp.writeFile(remote, data, { mode: opts.mode ?? 0o644 }, done));
    if (opts.mode !== undefined) await cb((done) => sftp.chmod(remote, opts.mode!, done));
    opts.onProgress?.(data.length, data.length);
  } catch (err) {
    throw sftpMessage(err, `upload to ${remote} failed`);
  }
}

async function remoteStat(sftp: SFTPWrapper, path: string): Promise<Stats | undefined> {
  try {
    return await cb<Stats>((done) => sftp.stat(path, done));
  } catch {
    return undefined;
  }
}

export async function sftpMkdirs(sftp: SFTPWrapper, path: string, mode?: number): Promise<void> {
  const st = await remoteStat(sftp, path);
  if (st?.isDirectory()) {
    if (mode !== undefined) await cb((done) => sftp.chmod(path, mode, done));
    return;
  }
  const parent = path.replace(/\/+$/, '').replace(/\/[^/]*$/, '');
  if (parent && parent !== path) await sftpMkdirs(sftp, parent);
  try {
    await cb((done) => sftp.mkdir(path, mode !== undefined ? { mode } : {}, done));
  } catch (err) {
    if (!(await remoteStat(sftp, path))?.isDirectory()) throw sftpMessage(err, `cannot create folder ${path}`);
  }
  if (mode !== undefined) await cb((done) => sftp.chmod(path, mode, done));
}

/** Copies localDir's contents into remoteDir (created when missing), modes kept. */
export async function sftpUploadTree(sftp: SFTPWrapper, localDir: string, remoteDir: string, opts: TransferOptions = {}): Promise<void> {
  const entries = await walkLocal(localDir);
  const total = entries.reduce((n, e) => n + (e.dir ? 0 : e.size), 0);
  let done = 0;
  for (const d of entries.filter((e) => e.dir)) await sftpMkdirs(sftp, remoteJoin(remoteDir, d.rel), d.mode);
  await eachLimit(
    entries.filter((e) => !e.dir),
    4,
    async (f) => {
      let mine = 0;
      await sftpUploadFile(sftp, f.path, remoteJoin(remoteDir, f.rel), {
        mode: f.mode,
        onProgress: (bytes) => {
          done += bytes - mine;
          mine = bytes;
          opts.onProgress?.(done, total);
        },
      });
      done += f.size - mine;
      opts.onProgress?.(done, total);
    },
  );
}

export async function sftpIsDir(sftp: SFTPWrapper, remote: string): Promise<boolean> {
  return (await remoteStat(sftp, remote))?.isDirectory() ?? false;
}

export async function sftpDownloadFile(sftp: SFTPWrapper, remote: string, local: string, opts: TransferOptions = {}): Promise<void> {
  const st = await cb<Stats>((done) => sftp.stat(remote, done)).catch((err) => {
    throw sftpMessage(err, `download of ${remote} failed`);
  });
  // A folder named without a trailing slash comes down whole, as scp -r would bring it.
  if (st.isDirectory()) return sftpDownloadTree(sftp, remote, local, opts);
  try {
    await cb((done) =>
      sftp.fastGet(remote, local, { ...XFER, step: (bytes, _c, total) => opts.onProgress?.(bytes, total) }, done),
    );
    await chmod(local, opts.mode ?? st.mode & 0o7777);
  } catch (err) {
    throw sftpMessage(err, `download of ${remote} to ${local} failed`);
  }
}

/** Copies remoteDir's contents into localDir (created when missing), modes kept. */
export async function sftpDownloadTree(sftp: SFTPWrapper, remoteDir: string, localDir: string, opts: TransferOptions = {}): Promise<void> {
  let done = 0;
  const visit = async (remote: string, local: string): Promise<void> => {
    const st = await cb<Stats>((d) => sftp.stat(remote, d)).catch((err) => {
      throw sftpMessage(err, `download of ${remote} failed`);
    });
    await mkdir(local, { recursive: true });
    const list = await cb<{ filename: string; attrs: Stats }[]>((d) => sftp.readdir(remote, d as never));
    for (const item of list.sort((a, b) => a.filename.localeCompare(b.filename))) {
      const r = remoteJoin(remote, item.filename);
      const l = join(local, item.filename);
      if (item.attrs.isDirectory()) await visit(r, l);
      else {
        let mine = 0;
        await sftpDownloadFile(sftp, r, l, {
          onProgress: (bytes) => {
            done += bytes - mine;
            mine = bytes;
            opts.onProgress?.(done, undefined);
          },
        });
        done += item.attrs.size - mine;
      }
    }
    await chmod(local, st.mode & 0o7777);
  };
  await visit(remoteDir, localDir);
  opts.onProgress?.(done, done);
}
