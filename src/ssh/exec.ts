// Runs one command in its own SSH session, streaming its output line by line.
import type { Client, ClientChannel } from 'ssh2';
import type { CommandResult, RemoteCommand } from '../core/components.js';
import { LineSplitter } from './lines.js';

/** The connection is gone (or never came back): the caller may reconnect and retry. */
export class SshConnectionError extends Error {}

export interface ExecOptions {
  pty?: boolean;
  /** Written to the command's stdin, which is then closed. */
  stdin?: Buffer | string;
  /** Called whenever bytes move, for the read/write timeout. */
  onActivity?(): void;
}

export function openExec(client: Client, command: string, pty: boolean): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, pty ? { pty: true } : {}, (err, stream) =>
        err ? reject(new SshConnectionError(`could not start a command over SSH: ${err.message}`)) : resolve(stream),
      );
    } catch (err) {
      // ssh2 throws when the connection is already closed.
      reject(new SshConnectionError(`could not start a command over SSH: ${(err as Error).message}`));
    }
  });
}

export async function execCommand(client: Client, cmd: RemoteCommand, opts: ExecOptions = {}): Promise<CommandResult> {
  const stream = await openExec(client, cmd.command, opts.pty === true);
  return new Promise<CommandResult>((resolve) => {
    const out = new LineSplitter((l) => cmd.onStdout?.(l));
    const err = new LineSplitter((l) => cmd.onStderr?.(l));
    let exitCode: number | null = null;
    let exitSignal: string | undefined;
    let exited = false;
    let cancelled = false;
    stream.on('data', (c: Buffer) => {
      opts.onActivity?.();
      out.push(c);
    });
    stream.stderr.on('data', (c: Buffer) => {
      opts.onActivity?.();
      err.push(c);
    });
    stream.on('exit', (code: number | null, signal?: string) => {
      exited = true;
      exitCode = typeof code === 'number' ? code : null;
      if (signal) exitSignal = signal.replace(/^SIG/, '');
    });
    // Servers may ignore the signal request (OpenSSH does for plain sessions): stop waiting at once
    // and close the channel; the remote process is ended with the connection at the latest.
    const onAbort = () => {
      try {
        stream.signal('TERM');
      } catch {
        /* the channel may be closed already */
      }
      exitSignal = 'TERM';
      cancelled = true;
      finish(false);
      stream.close();
    };
    cmd.signal?.addEventListener('abort', onAbort, { once: true });
    const onClientClose = () => finish(true);
    client.once('close', onClientClose);
    stream.once('close', () => finish(false));
    let finished = false;
    function finish(dropped: boolean) {
      if (finished) return;
      finished = true;
      cmd.signal?.removeEventListener('abort', onAbort);
      client.removeListener('close', onClientClose);
      out.end();
      err.end();
      const disconnected = !cancelled && (dropped || !exited);
      resolve({ exitCode: exited ? exitCode : null, signal: exitSignal, ...(disconnected ? { disconnected: true } : {}) });
    }
    if (opts.stdin !== undefined) stream.end(opts.stdin);
    else stream.end();
  });
}
