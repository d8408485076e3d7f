// Opens an SSH connection, waiting for the machine to answer (ssh_timeout) and retrying failed
// handshakes (ssh_handshake_attempts), like Packer's WaitForSSH, but saying what it waits for.
import { createRequire } from 'node:module';
import { connect as netConnect } from 'node:net';
import type { CipherAlgorithm, Client as ClientType, ConnectConfig, KexAlgorithm } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { SshAuth, SshOptions } from './options.js';
import { formatMs } from './format.js';
import { pause } from '../util/sleep.js';

// ssh2's client alone, required when a build first connects: the package's index also loads its server,
// key generator and HTTP agents (node:http, node:https, node:tls), ~5 ms more of every build's start.
// A failure to load it is an SshFatalError (connectOnce): retrying cannot help.
const load = createRequire(import.meta.url);
let ClientClass: typeof ClientType | undefined;
const sshClientClass = (): typeof ClientType => (ClientClass ??= load('ssh2/lib/client.js') as typeof ClientType);

/** An error that ends the wait at once (a key that cannot be read, a cancelled build). */
export class SshFatalError extends Error {}

// Node's crypto does AES-GCM in hardware; ssh2 runs chacha20-poly1305 in JavaScript.
const FAST_CIPHERS: CipherAlgorithm[] = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'chacha20-poly1305@openssh.com',
];

export interface Connected {
  client: ClientType;
  /** The jump host's connection, closed with the client. */
  bastion?: ClientType;
}

function clientConfig(auth: SshAuth, o: SshOptions, readyTimeout: number): ConnectConfig {
  return {
    username: auth.username,
    password: auth.password,
    privateKey: auth.privateKey,
    passphrase: auth.passphrase,
    agent: auth.agent,
    tryKeyboard: auth.password !== undefined,
    readyTimeout,
    keepaliveInterval: o.keepAliveInterval,
    keepaliveCountMax: 3,
    algorithms: {
      cipher: (o.ciphers as CipherAlgorithm[] | undefined) ?? FAST_CIPHERS,
      ...(o.kex ? { kex: o.kex as KexAlgorithm[] } : {}),
    },
  };
}

/** One attempt: resolves with a ready client or rejects with ssh2's error (err.level says where it failed). */
function connectOnce(cfg: ConnectConfig, host: string, port: number, signal?: AbortSignal, sock?: Duplex): Promise<ClientType> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SshFatalError('cancelled while waiting for SSH'));
    // The first attempt opens its socket before ssh2 loads (~25 ms of CPU): the server accepts and sends
    // its banner meanwhile. ssh2 then takes the socket as its own (as it does a bastion's forwarded one).
    const early = sock || ClientClass ? undefined : netConnect({ host, port }).setMaxListeners(0);
    let Client: typeof ClientType;
    try {
      Client = sshClientClass();
    } catch (err) {
      early?.destroy();
      return reject(new SshFatalError(`ssh2 cannot be loaded: ${(err as Error).message}`));
    }
    const client = new Client();
    let settled = false;
    // A guest behind a port forward can hold a handshake for readyTimeout: Ctrl-C must not wait for it.
    const onAbort = () => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(new SshFatalError('cancelled while waiting for SSH'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    client.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => finish(prompts.map(() => cfg.password ?? '')));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      settle();
      resolve(client);
    });
    client.on('error', (err) => {
      if (settled) return;
      settled = true;
      settle();
      client.end();
      reject(err);
    });
    client.once('close', () => {
      if (settled) return;
      settled = true;
      settle();
      reject(Object.assign(new Error('connection closed during the handshake'), { level: 'handshake' }));
    });
    try {
      client.connect({ ...cfg, host, port, sock: sock ?? early });
      // From the first packet: the handshake's small messages (and later scp acks, script starts)
      // must not wait for Nagle's algorithm and a delayed ACK, ~40 ms a round trip on Linux.
      client.setNoDelay(true);
    } catch (err) {
      settled = true;
      settle();
      early?.destroy();
      // ssh2 throws at once for keys it cannot use: retrying cannot help.
      reject(new SshFatalError(keyProblem(err as Error)));
    }
  });
}

function keyProblem(err: Error): string {
  const m = err.message;
  if (/no passphrase given/i.test(m)) return 'the private key is encrypted: give its passphrase in ssh_private_key_passphrase';
  if (/bad passphrase|Bad passphrase|decrypt/i.test(m)) return 'the private key could not be decrypted: ssh_private_key_passphrase is wrong';
  return `the private key cannot be used: ${m.replace(/^Cannot parse privateKey: /, '')}`;
}

async function connectVia(o: SshOptions, readyTimeout: number, signal?: AbortSignal): Promise<Connected> {
  if (!o.bastion) return { client: await connectOnce(clientConfig(o, o, readyTimeout), o.host, o.port, signal) };
  const b = o.bastion;
  const bastion = await connectOnce(clientConfig(b, o, readyTimeout), b.host, b.port, signal);
  try {
    const sock = await new Promise<Duplex>((resolve, reject) =>
      bastion.forwardOut('127.0.0.1', 0, o.host, o.port, (err, stream) => (err ? reject(err) : resolve(stream))),
    );
    const client = await connectOnce(clientConfig(o, o, readyTimeout), o.host, o.port, signal, sock);
    client.once('close', () => bastion.end());
    return { client, bastion };
  } catch (err) {
    bastion.end();
    throw err;
  }
}

/**
 * Like Packer, only a refused login counts against ssh_handshake_attempts. A connection that closes
 * during the handshake is a machine still booting (QEMU's port forward accepts before the guest
 * listens): that waits for ssh_timeout.
 */
function isAuthFailure(err: unknown): boolean {
  return (err as { level?: string }).level === 'client-authentication';
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { level?: string };
  if (e.level === 'client-authentication') return 'authentication failed (all configured methods were refused)';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  return e.message;
}


export interface WaitUi {
  say(text: string): void;
  message(text: string): void;
}

/** Waits until SSH answers and accepts the login. Throws an Error whose message is what the build reports. */
export async function waitForSsh(o: SshOptions, ui: WaitUi, signal?: AbortSignal, reportEveryMs = 10_000): Promise<Connected> {
  const target = `${o.username}@${o.host}:${o.port}${o.bastion ? ` via ${o.bastion.host}:${o.bastion.port}` : ''}`;
  if (o.pauseBeforeConnecting > 0) {
    ui.say(`Pausing ${formatMs(o.pauseBeforeConnecting)} before connecting...`);
    await pause(o.pauseBeforeConnecting, signal);
  }
  ui.say('Waiting for SSH to become available...');
  const start = Date.now();
  let handshakeFailures = 0;
  let lastError = 'no attempt finished yet';
  let delay = 100;
  const timer = setInterval(() => {
    ui.message(
      `Still waiting for SSH at ${target}: ${formatMs(Date.now() - start)} elapsed of ${formatMs(o.timeout)} (ssh_timeout); last error: ${lastError}`,
    );
  }, reportEveryMs);
  try {
    for (;;) {
      if (signal?.aborted) throw new SshFatalError('cancelled while waiting for SSH');
      const remaining = o.timeout - (Date.now() - start);
      if (remaining <= 0) {
        throw new Error(
          `Timeout waiting for SSH: ${target} did not answer within ${formatMs(o.timeout)} (ssh_timeout); last error: ${lastError}`,
        );
      }
      try {
        return await connectVia(o, Math.max(1000, Math.min(remaining, 30_000)), signal);
      } catch (err) {
        if (signal?.aborted) throw new SshFatalError('cancelled while waiting for SSH');
        if (err instanceof SshFatalError) throw new Error(`SSH login to ${target} failed: ${err.message}`);
        lastError = describe(err);
        if (isAuthFailure(err)) {
          handshakeFailures++;
          if (handshakeFailures >= o.handshakeAttempts) {
            throw new Error(
              `SSH login to ${target} failed after ${handshakeFailures} handshake attempt(s) (ssh_handshake_attempts): ${lastError}. ` +
                'Check ssh_username and ssh_password or ssh_private_key_file.',
            );
          }
        }
        await pause(Math.min(delay, Math.max(0, o.timeout - (Date.now() - start))), signal);
        delay = Math.min(delay * 2, 2000);
      }
    }
  } finally {
    clearInterval(timer);
  }
}
