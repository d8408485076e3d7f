// The Communicator over the Engine API: exec for commands, the archive API for files.
import { promises as fs } from 'node:fs';
import { basename, dirname } from 'node:path';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { CommandResult, Communicator, RemoteCommand, TransferOptions } from '../core/components.js';
import { DockerApiError, type DockerClient } from './client.js';
import { exec } from './exec.js';
import { extractTar, tarOfData, tarOfDir, tarOfFile, treeSize } from './archive.js';
import { shellQuote } from '../util/shell-quote.js';
import { once } from 'node:events';

export interface DockerTarget {
  containerId: string;
  /** User commands run as; empty = the image's user. */
  execUser?: string;
  /** Chown uploads to execUser (Packer's fix_upload_owner). */
  fixUploadOwner: boolean;
}


export class DockerCommunicator implements Communicator {
  constructor(
    private readonly client: DockerClient,
    private readonly target: DockerTarget,
  ) {}

  async run(cmd: RemoteCommand): Promise<CommandResult> {
    const r = await exec(this.client, {
      containerId: this.target.containerId,
      command: cmd.command,
      user: this.target.execUser,
      onStdout: cmd.onStdout ?? (() => {}),
      onStderr: cmd.onStderr ?? (() => {}),
      onStdoutData: cmd.onStdoutData,
      onStderrData: cmd.onStderrData,
      stdin: cmd.stdin,
      signal: cmd.signal,
    });
    return { exitCode: r.exitCode };
  }

  async upload(localPath: string, remotePath: string, opts: TransferOptions = {}): Promise<void> {
    const { size } = await fs.stat(localPath);
    // Like cp and scp: a file sent to an existing folder lands inside it.
    if (await this.isRemoteDir(remotePath)) remotePath = posix.join(remotePath, basename(localPath));
    const progress = progressOf(size, opts);
    const tar = tarOfFile(localPath, posix.basename(remotePath), opts.mode, size, progress);
    await this.put(posix.dirname(remotePath), tar, opts, remotePath);
    opts.onProgress?.(size, size);
    await this.fixOwner(remotePath);
  }

  async uploadData(data: string | Buffer, remotePath: string, opts: TransferOptions = {}): Promise<void> {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (await this.isRemoteDir(remotePath)) throw new Error(`cannot write to ${remotePath}: it is a folder in the container`);
    await this.put(posix.dirname(remotePath), tarOfData(buf, posix.basename(remotePath), opts.mode ?? 0o644), opts, remotePath);
    opts.onProgress?.(buf.length, buf.length);
    await this.fixOwner(remotePath);
  }

  async uploadDir(localDir: string, remotePath: string, opts: TransferOptions = {}): Promise<void> {
    const total = await treeSize(localDir);
    // Packer's rule: "src/" puts the contents into remotePath, "src" puts the folder itself there.
    const name = basename(localDir.replace(/\/+$/, ''));
    // "." has no name of its own to copy into remotePath: like rsync, it means the contents.
    const contents = localDir.endsWith('/') || name === '.' || name === '';
    const prefix = contents ? '' : name;
    const mk = await this.sh(`mkdir -p ${shellQuote(remotePath)}`);
    if (mk.exitCode !== 0) throw new Error(`could not create ${remotePath} in the container: ${mk.stderr.trim()}`);
    await this.put(remotePath, tarOfDir(localDir, prefix, progressOf(total, opts)), opts, remotePath);
    opts.onProgress?.(total, total);
    // Only what was sent changes owner, not the rest of a folder it was sent into (/tmp, /opt...).
    const sent = contents ? (await fs.readdir(localDir)).map((n) => posix.join(remotePath, n)) : [posix.join(remotePath, prefix)];
    await this.fixOwner(...sent);
  }

  async download(remotePath: string, localPath: string, opts: TransferOptions = {}): Promise<void> {
    const res = await this.get(remotePath, opts);
    const total = statSize(res.headers['x-docker-container-path-stat']);
    const onBytes = progressOf(total, opts);
    await extractTar(res, dirname(localPath), { from: posix.basename(remotePath), to: basename(localPath) }, onBytes);
    if (opts.mode !== undefined) await fs.chmod(localPath, opts.mode);
  }

  async downloadDir(remoteDir: string, localPath: string, opts: TransferOptions = {}): Promise<void> {
    const res = await this.get(remoteDir.replace(/\/+$/, '') || '/', opts);
    await fs.mkdir(localPath, { recursive: true });
    const contents = remoteDir.endsWith('/');
    const name = posix.basename(remoteDir.replace(/\/+$/, ''));
    await extractTar(res, localPath, contents ? { from: name, to: '' } : undefined, progressOf(undefined, opts));
  }

  async close(): Promise<void> {}

  private async put(dir: string, tar: Readable, opts: TransferOptions, what: string): Promise<void> {
    try {
      await this.client.call('PUT', `/containers/${this.target.containerId}/archive`, {
        query: { path: dir || '/' },
        body: tar,
        headers: { 'Content-Type': 'application/x-tar' },
        signal: opts.signal,
      });
      // An engine that goes away mid-upload (its container removed) can still answer 200: only
      // a tar read to its end was delivered whole.
      if (!tar.readableEnded) {
        await Promise.race([once(tar, 'end'), new Promise((r) => setTimeout(r, 1000))]).catch(() => {});
        if (!tar.readableEnded) throw new Error(`the upload to ${what} was cut short: the engine answered before the whole archive was sent`);
      }
    } catch (e) {
      tar.destroy();
      if (e instanceof DockerApiError && e.status === 404) {
        throw new Error(`cannot upload to ${what}: the folder ${dir} does not exist in the container`);
      }
      throw e;
    }
  }

  private async get(remotePath: string, opts: TransferOptions) {
    try {
      return await this.client.request('GET', `/containers/${this.target.containerId}/archive`, {
        query: { path: remotePath },
        signal: opts.signal,
      });
    } catch (e) {
      if (e instanceof DockerApiError && e.status === 404) throw new Error(`cannot download ${remotePath}: it does not exist in the container`);
      throw e;
    }
  }

  /** The engine describes a path in a header of HEAD .../archive (Go's FileMode: bit 31 = folder). */
  private async isRemoteDir(remotePath: string): Promise<boolean> {
    try {
      const res = await this.client.request('HEAD', `/containers/${this.target.containerId}/archive`, { query: { path: remotePath } });
      res.resume();
      const stat = decodeStat(res.headers['x-docker-container-path-stat']);
      return stat?.mode !== undefined && (stat.mode & 0x80000000) !== 0;
    } catch (e) {
      if (e instanceof DockerApiError && e.status === 404) return false;
      throw e;
    }
  }

  /** Helper commands run as root, whatever exec_user says. */
  private sh(command: string) {
    return exec(this.client, { containerId: this.target.containerId, command, user: 'root' });
  }

  private async fixOwner(...paths: string[]): Promise<void> {
    const user = this.target.execUser;
    // Archive entries are written as root already; only another user needs a chown.
    if (!this.target.fixUploadOwner || !user || user === 'root' || user === '0' || user.startsWith('0:') || paths.length === 0) return;
    const r = await this.sh(`chown -R ${shellQuote(user)} ${paths.map(shellQuote).join(' ')}`);
    if (r.exitCode !== 0) throw new Error(`could not give ${paths.join(', ')} to ${user} (fix_upload_owner): ${r.stderr.trim()}`);
  }
}

function progressOf(total: number | undefined, opts: TransferOptions): ((n: number) => void) | undefined {
  if (!opts.onProgress) return undefined;
  let bytes = 0;
  return (n) => {
    bytes += n;
    opts.onProgress?.(bytes, total);
  };
}

/** The engine describes the path in a base64 JSON header. */
function decodeStat(header: string | string[] | undefined): { size?: number; mode?: number } | undefined {
  if (typeof header !== 'string') return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { size?: number; mode?: number };
  } catch {
    return undefined;
  }
}

/** The size feeds the progress total of a download. */
function statSize(header: string | string[] | undefined): number | undefined {
  const size = decodeStat(header)?.size;
  return typeof size === 'number' ? size : undefined;
}
