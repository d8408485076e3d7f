// One SSH connection per build, reused by every provisioner; reconnects when a command needs it
// after the machine dropped the connection (a reboot). Transfers use one shared SFTP channel, or scp.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Client, SFTPWrapper } from 'ssh2';
import { UnreachableError, type CommandResult, type Communicator, type RemoteCommand, type TransferOptions, type UploadAndRun, type WaitReady } from '../core/components.js';
import { waitForSsh, type Connected, type WaitUi } from './connect.js';
import { execCommand, SshConnectionError } from './exec.js';
import { formatMs } from './format.js';
import type { SshOptions } from './options.js';
import { scpDownload, scpUploadData, scpUploadFile, scpUploadTree } from './scp.js';
import { shellQuote } from '../util/shell-quote.js';
import { sftpDownloadFile, sftpDownloadTree, sftpUploadData, sftpUploadFile, sftpUploadTree } from './sftp.js';
import { remoteBase, remoteJoin } from './walk.js';

export class SshCommunicator implements Communicator, UploadAndRun, WaitReady {
  private conn?: Connected;
  private connecting?: Promise<Connected>;
  private sftpChannel?: Promise<SFTPWrapper>;
  private closedByUs = false;
  /** Set when the server refused an SFTP channel, so scripts stop asking for one. */
  private noSftp = false;

  private constructor(
    readonly options: SshOptions,
    private readonly ui: WaitUi,
    private readonly signal?: AbortSignal,
  ) {}

  static async connect(options: SshOptions, ui: WaitUi, signal?: AbortSignal): Promise<SshCommunicator> {
    const c = new SshCommunicator(options, ui, signal);
    await c.client();
    ui.say('Connected to SSH!');
    return c;
  }

  /** The live connection, reconnecting when it dropped. */
  async client(): Promise<Client> {
    if (this.closedByUs) throw new SshConnectionError('the SSH connection was closed');
    if (this.conn) return this.conn.client;
    if (!this.connecting) {
      this.connecting = waitForSsh(this.options, this.ui, this.signal).then(
        (conn) => {
          this.conn = conn;
          this.connecting = undefined;
          conn.client.on('error', () => {
            /* reported through the operation that was running; 'close' follows */
          });
          conn.client.once('close', () => {
            if (this.conn === conn) {
              this.conn = undefined;
              this.sftpChannel = undefined;
            }
          });
          return conn;
        },
        (err) => {
          this.connecting = undefined;
          throw err;
        },
      );
    }
    return (await this.connecting).client;
  }

  private async sftp(): Promise<SFTPWrapper> {
    const client = await this.client();
    if (!this.sftpChannel) {
      const p = new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, sftp) =>
          err
            ? reject(new Error(`the server offers no SFTP (${err.message}): set ssh_file_transfer_method to "scp"`))
            : resolve(sftp),
        ),
      );
      this.sftpChannel = p;
      p.catch(() => {
        if (this.sftpChannel === p) this.sftpChannel = undefined;
      });
    }
    return this.sftpChannel;
  }

  async ready(): Promise<void> {
    try {
      await this.client();
    } catch (err) {
      // Waiting for SSH timed out: still unreachable, the caller decides whether to wait longer.
      if (!(err instanceof UnreachableError) && /Timeout waiting for SSH/.test((err as Error).message)) throw new UnreachableError((err as Error).message);
      throw err;
    }
  }

  /**
   * Writes a script (mode 0755) and runs the command in one exec, starting no other process: the
   * bytes go over the open SFTP channel when the server has one, else on the command's stdin
   * (`cat >`); with a pty (stdin is the terminal) they are uploaded first.
   */
  async uploadAndRun(data: string | Buffer, remotePath: string, cmd: RemoteCommand): Promise<CommandResult> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (!this.options.pty) {
      const sftp = await this.trySftp();
      if (sftp) {
        await this.guard(`upload of ${remotePath}`, (activity) => sftpUploadData(sftp, buf, remotePath, { mode: 0o755, onProgress: activity }));
        return this.run(cmd);
      }
      const p = shellQuote(remotePath);
      return this.run({ ...cmd, command: `cat > ${p} && chmod 0755 ${p} || { echo "cannot write the script to "${p} >&2; exit 1; }\n${cmd.command}` }, buf);
    }
    await this.uploadData(buf, remotePath, { mode: 0o755 });
    return this.run(cmd);
  }

  /**
   * The shared SFTP channel when the server has one (whatever ssh_file_transfer_method says: it only
   * saves starting processes for scripts), or undefined.
   */
  async trySftp(): Promise<SFTPWrapper | undefined> {
    if (this.noSftp) return undefined;
    try {
      return await this.sftp();
    } catch (err) {
      if (err instanceof SshConnectionError) throw err;
      this.noSftp = true;
      return undefined;
    }
  }

  /**
   * Runs op, failing it when the connection drops, or when no byte moved for ssh_read_write_timeout
   * (then the connection is closed, so nothing waits forever on a dead peer).
   */
  private async guard<T>(what: string, op: (activity: () => void) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const client = await this.client();
    const limit = this.options.readWriteTimeout;
    let last = Date.now();
    const activity = () => (last = Date.now());
    let timer: NodeJS.Timeout | undefined;
    let onClose: (() => void) | undefined;
    let onAbort: (() => void) | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      // A transfer cannot be stopped half-way on the wire: cancelling drops the connection.
      onAbort = () => {
        reject(new Error(`${what} was cancelled`));
        this.drop(client);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      onClose = () =>
        reject(new SshConnectionError(`${what} failed: the SSH connection to ${this.options.host}:${this.options.port} was lost`));
      client.once('close', onClose);
      if (limit > 0) {
        timer = setInterval(() => {
          if (Date.now() - last < limit) return;
          reject(
            new SshConnectionError(
              `${what} failed: no data moved for ${formatMs(limit)} (ssh_read_write_timeout); the connection was closed`,
            ),
          );
          this.drop(client);
        }, Math.min(1000, limit / 4));
      }
    });
    watchdog.catch(() => {});
    try {
      return await Promise.race([op(activity), watchdog]);
    } finally {
      if (timer) clearInterval(timer);
      if (onClose) client.removeListener('close', onClose);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Forgets a connection at once (its 'close' event comes later), so the next use reconnects. */
  private drop(client: Client): void {
    if (this.conn?.client === client) {
      this.conn.bastion?.end();
      this.conn = undefined;
      this.sftpChannel = undefined;
    }
    client.destroy();
  }

  async run(cmd: RemoteCommand, stdin?: Buffer | string): Promise<CommandResult> {
    const client = await this.client();
    const limit = this.options.readWriteTimeout;
    if (limit <= 0) return execCommand(client, cmd, { pty: this.options.pty, stdin });
    // The command text may hold secrets ({{.Vars}}): messages do not repeat it.
    return this.guard('a remote command', (activity) =>
      execCommand(client, cmd, { pty: this.options.pty, stdin, onActivity: activity }),
    );
  }

  private progress(opts: TransferOptions | undefined, activity: () => void): TransferOptions {
    return {
      ...opts,
      onProgress: (bytes, total) => {
        activity();
        opts?.onProgress?.(bytes, total);
      },
    };
  }

  async upload(localPath: string, remotePath: string, opts?: TransferOptions): Promise<void> {
    const st = await stat(localPath);
    const mode = opts?.mode ?? st.mode & 0o7777;
    await this.guard(`upload of ${localPath}`, async (activity) => {
      const o = { ...this.progress(opts, activity), mode };
      if (this.options.transfer === 'sftp') await sftpUploadFile(await this.sftp(), localPath, remotePath, o);
      else await scpUploadFile(await this.client(), localPath, remotePath, st.size, mode, o);
    }, opts?.signal);
  }

  async uploadData(data: string | Buffer, remotePath: string, opts?: TransferOptions): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    await this.guard(`upload to ${remotePath}`, async (activity) => {
      const o = this.progress(opts, activity);
      if (this.options.transfer === 'sftp') await sftpUploadData(await this.sftp(), buf, remotePath, o);
      else {
        await scpUploadData(await this.client(), buf, remotePath, opts?.mode ?? 0o644);
        o.onProgress?.(buf.length, buf.length);
      }
    }, opts?.signal);
  }

  /** "src/" copies the contents into remotePath; "src" copies the folder itself into remotePath. */
  async uploadDir(localDir: string, remotePath: string, opts?: TransferOptions): Promise<void> {
    const target = localDir.endsWith('/') ? remotePath : remoteJoin(remotePath, basename(localDir));
    await this.guard(`upload of ${localDir}`, async (activity) => {
      const o = this.progress(opts, activity);
      if (this.options.transfer === 'sftp') await sftpUploadTree(await this.sftp(), localDir, target, o);
      else await scpUploadTree(await this.client(), localDir, target, o);
    }, opts?.signal);
  }

  async download(remotePath: string, localPath: string, opts?: TransferOptions): Promise<void> {
    await this.guard(`download of ${remotePath}`, async (activity) => {
      const o = this.progress(opts, activity);
      if (this.options.transfer === 'sftp') await sftpDownloadFile(await this.sftp(), remotePath, localPath, o);
      else await scpDownload(await this.client(), remotePath, localPath, false, o);
    }, opts?.signal);
  }

  /** "dir/" copies the contents into localPath; "dir" copies the folder itself into localPath. */
  async downloadDir(remoteDir: string, localPath: string, opts?: TransferOptions): Promise<void> {
    const target = remoteDir.endsWith('/') ? localPath : join(localPath, remoteBase(remoteDir));
    await this.guard(`download of ${remoteDir}`, async (activity) => {
      const o = this.progress(opts, activity);
      if (this.options.transfer === 'sftp') await sftpDownloadTree(await this.sftp(), remoteDir, target, o);
      else await scpDownload(await this.client(), remoteDir.replace(/(.)\/+$/, '$1'), target, true, o);
    }, opts?.signal);
  }

  /** Removes a builder's temporary key from authorized_keys (ssh_clear_authorized_keys). */
  async clearAuthorizedKeys(): Promise<void> {
    const key = this.options.temporaryPublicKey?.split(/\s+/)[1];
    if (!this.options.clearAuthorizedKeys || !key) return;
    this.ui.say('Trying to remove the temporary SSH key from authorized_keys');
    await this.run({
      command: `grep -v -F ${shellQuote(key)} ~/.ssh/authorized_keys > ~/.ssh/authorized_keys.pack-tmp; mv ~/.ssh/authorized_keys.pack-tmp ~/.ssh/authorized_keys`,
    });
  }

  async close(): Promise<void> {
    if (this.closedByUs) return;
    try {
      if (this.conn) await this.clearAuthorizedKeys().catch(() => {});
    } finally {
      this.closedByUs = true;
      const conn = this.conn;
      this.conn = undefined;
      conn?.client.end();
      conn?.bastion?.end();
    }
  }
}
