// An SSH server on loopback that ansible connects to, which runs what it asks on the build's
// machine through the build's Communicator (Packer's adapter): exec requests (commands, scp) and
// the sftp subsystem become Communicator commands whose stdin and stdout are the SSH channel.
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Communicator } from '../../core/components.js';
import type { AdapterKeys } from './keys.js';
import { findSftpServer } from './sftp-command.js';
import { serveSftp } from './sftp-on-communicator.js';

export interface AdapterOptions {
  comm: Communicator;
  keys: AdapterKeys;
  /** The one user name accepted (ansible_user). */
  user: string;
  /** First port tried; 0 or undefined: any free port. */
  localPort?: number;
  /** Run on the machine for an SFTP session (sftp_command); unset: its sftp-server, or pack's own SFTP on the Communicator. */
  sftpCommand?: string;
  signal: AbortSignal;
  /** Problems worth telling the person (a command the machine could not start). */
  onProblem(message: string): void;
}

export interface Adapter {
  port: number;
  close(): Promise<void>;
}

/**
 * On loopback: AES-GCM (node's native crypto) before chacha20-poly1305 (ssh2's WebAssembly), and no
 * compression, which ansible's ssh asks for (-C) and which only costs time here.
 */
const LOOPBACK_ALGORITHMS: ssh2.ServerConfig['algorithms'] = {
  cipher: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes256-ctr', 'chacha20-poly1305@openssh.com'],
  compress: ['none'],
};

/** Packer tries ten ports from local_port. */
const PORT_TRIES = 10;

export async function startAdapter(o: AdapterOptions): Promise<Adapter> {
  const sftpCommand = o.sftpCommand ?? (await findSftpServer(o.comm, o.signal));
  const clients = new Set<ssh2.Connection>();
  const running = new Set<AbortController>();
  const server = new ssh2.Server({ hostKeys: [o.keys.hostKey], algorithms: LOOPBACK_ALGORITHMS }, (client) => {
    clients.add(client);
    // Each exec's exit status, EOF and close are small writes: without TCP_NODELAY each command waits
    // out a delayed ACK (40 ms on Linux). OpenSSH and Go's SSH servers set it too.
    // (ssh2 documents Connection.setNoDelay; its type definitions lack it.)
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {
      /* a client that went away: its channels end with it */
    });
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== o.user || !sameKey(ctx.key.data, o.keys.authorizedKey)) {
        ctx.reject(['publickey']);
        return;
      }
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      if (o.keys.authorizedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) ctx.accept();
      else ctx.reject(['publickey']);
    });
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      // ansible asks for environment variables and sometimes a pty (become); the commands run without either.
      session.on('env', (accept) => accept?.());
      session.on('pty', (accept) => accept?.());
      session.on('shell', (_accept, reject) => reject?.());
      session.on('exec', (accept, _reject, info) => proxy(accept(), info.command));
      if (sftpCommand) {
        session.on('subsystem', (accept, reject, info) => {
          if (info.name === 'sftp') proxy(accept(), sftpCommand);
          else reject?.();
        });
      } else {
        session.on('sftp', (accept) => serveSftp(accept(), o.comm, o.signal));
      }
    });
  });

  function proxy(channel: ssh2.ServerChannel, command: string): void {
    const stop = new AbortController();
    running.add(stop);
    const signal = AbortSignal.any([o.signal, stop.signal]);
    channel.on('error', () => stop.abort());
    o.comm
      .run({
        command,
        stdin: channel,
        onStdoutData: (c) => channel.write(c),
        onStderrData: (c) => channel.stderr.write(c),
        signal,
      })
      .then(
        (r) => {
          if (r.exitCode !== null) channel.exit(r.exitCode);
          else channel.exit(r.signal ?? 'KILL');
        },
        (err: Error) => {
          o.onProblem(`the adapter could not run a command on the machine: ${err.message}`);
          channel.stderr.write(`pack adapter: ${err.message}\n`);
          channel.exit(255);
        },
      )
      .finally(() => {
        running.delete(stop);
        // ssh2 closes a server channel once its output is flushed.
        channel.end();
      });
  }

  const port = await listen(server, o.localPort ?? 0);
  return {
    port,
    async close() {
      for (const r of running) r.abort();
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameKey(data: Buffer, key: ssh2.ParsedKey): boolean {
  const want = key.getPublicSSH();
  return data.length === want.length && timingSafeEqual(data, want);
}

async function listen(server: ssh2.Server, first: number): Promise<number> {
  const tries = first > 0 ? PORT_TRIES : 1;
  let lastError: Error | undefined;
  for (let i = 0; i < tries; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(first > 0 ? first + i : 0, '127.0.0.1', () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (err) {
      lastError = err as Error;
    }
  }
  throw new Error(`the ansible adapter could not listen on 127.0.0.1 ports ${first}-${first + tries - 1} (local_port): ${lastError?.message}`);
}
