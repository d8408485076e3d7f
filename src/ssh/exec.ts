// Runs one command in its own SSH session, streaming its output line by line.
import type { Client, ClientChannel } from 'ssh2';
import type { CommandResult, RemoteCommand } from '../core/components.js';
import { LineSplitter } from '../util/lines.js';
import { UnreachableError } from '../core/components.js';

/** The connection is gone (or never came back): the caller may reconnect and retry. */
/** The SSH connection could not be made or was lost: the machine is unreachable (for now). */
export class SshConnectionError extends UnreachableError {}

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

/**
 * ssh2's stream.signal() sends nothing once stdin is closed (ours always is), yet the request is
 * valid until the channel closes; so it is sent through the protocol object directly.
 */
function sendSignal(stream: ClientChannel, name: string): void {
  const ch = stream as unknown as {
    outgoing: { id: number; state: string };
    _client?: { _protocol?: { signal(id: number, name: string): void } };
  };
  if (ch.outgoing.state !== 'open' && ch.outgoing.state !== 'eof') return;
  try {
    ch._client?._protocol?.signal(ch.outgoing.id, name);
  } catch {
    /* the connection may be gone already */
  }
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
      cmd.onStdoutData?.(c);
      out.push(c);
    });
    stream.stderr.on('data', (c: Buffer) => {
      opts.onActivity?.();
      cmd.onStderrData?.(c);
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
      sendSignal(stream, 'TERM');
      exitSignal = 'TERM';
      cancelled = true;
      finish(false);
      stream.close();
    };
    cmd.signal?.addEventListener('abort', onAbort, { once: true });
    const onClientClose = () => finish(true);
    client.once('close', onClientClose);
    // ssh2 passes the exit status to 'close' too: the 'exit' event may have fired before these
    // listeners existed, when the whole exchange arrived in one read.
    stream.once('close', (code?: number | null, signal?: string) => {
      if (!exited && (typeof code === 'number' || typeof signal === 'string')) {
        exited = true;
        exitCode = typeof code === 'number' ? code : null;
        if (signal) exitSignal = signal.replace(/^SIG/, '');
      }
      finish(false);
    });
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
    feedStdin(stream, cmd.stdin ?? opts.stdin, opts.onActivity);
  });
}

/** Writes stdin to the channel and closes it: bytes at once, a stream piped with backpressure. */
function feedStdin(stream: ClientChannel, stdin: RemoteCommand['stdin'], onActivity?: () => void): void {
  if (stdin === undefined) stream.end();
  else if (typeof stdin === 'string' || Buffer.isBuffer(stdin)) stream.end(stdin);
  else {
    const source = stdin as NodeJS.ReadableStream;
    source.on('data', () => onActivity?.());
    source.on('error', () => stream.end());
    // A channel closed by the far side must not leave the source waiting for room that never comes.
    stream.once('close', () => source.unpipe(stream));
    source.pipe(stream);
  }
}
