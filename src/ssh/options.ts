// The ssh communicator's settings, from the template's fields with the builder's run-time values on top.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { resolveLocalPath } from '../template/local-path.js';

export interface SshAuth {
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  agent?: string;
}

export interface SshOptions extends SshAuth {
  host: string;
  port: number;
  /** Milliseconds. */
  timeout: number;
  handshakeAttempts: number;
  keepAliveInterval: number;
  /** 0 = no limit. */
  readWriteTimeout: number;
  pty: boolean;
  transfer: 'scp' | 'sftp';
  pauseBeforeConnecting: number;
  ciphers?: string[];
  kex?: string[];
  bastion?: SshAuth & { host: string; port: number };
  /** Public key of a builder's temporary key pair (for ssh_clear_authorized_keys). */
  temporaryPublicKey?: string;
  clearAuthorizedKeys: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A decoded duration field (milliseconds); negative waits are none, as in Go. */
function ms(v: unknown, fallback: number): number {
  return typeof v === 'number' ? Math.max(0, v) : fallback;
}

function readKey(path: string, field: string, templateDir: string | undefined): string {
  const full = resolveLocalPath(path, templateDir);
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    throw new UserError(`${field}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function sshOptions(
  config: Record<string, unknown>,
  target: Record<string, unknown>,
  templateDir: string | undefined,
  stateKey?: { privateKey: string; publicKey: string },
): SshOptions {
  const c = { ...config };
  for (const [k, v] of Object.entries(target)) if (v !== undefined) c[k] = v;
  const host = str(c.ssh_host);
  if (!host) throw new UserError('ssh_host: no host to connect to (set ssh_host, or use a builder that provides one)');
  const username = str(c.ssh_username);
  if (!username) throw new UserError('ssh_username: an ssh_username must be specified');
  const keyFile = str(c.ssh_private_key_file);
  let privateKey = str(c.ssh_private_key) ?? (keyFile ? readKey(keyFile, 'ssh_private_key_file', templateDir) : undefined);
  let temporaryPublicKey: string | undefined = str(c.ssh_public_key);
  if (!privateKey && stateKey) {
    privateKey = stateKey.privateKey;
    temporaryPublicKey = stateKey.publicKey;
  }
  const agent = c.ssh_agent_auth === true ? process.env.SSH_AUTH_SOCK : undefined;
  if (c.ssh_agent_auth === true && !agent) {
    throw new UserError('ssh_agent_auth: no ssh-agent is running here (SSH_AUTH_SOCK is not set)');
  }
  const password = typeof c.ssh_password === 'string' ? c.ssh_password : undefined;
  if (!privateKey && password === undefined && !agent) {
    throw new UserError(
      'ssh communicator: no way to log in: set ssh_password, ssh_private_key_file or ssh_agent_auth',
    );
  }
  const transfer = c.ssh_file_transfer_method ?? 'scp';
  if (transfer !== 'scp' && transfer !== 'sftp') {
    throw new UserError(`ssh_file_transfer_method ('${String(transfer)}') is invalid, valid methods: sftp, scp`);
  }
  // Accepted by the schema (Packer's names) but not implemented: say so rather than ignore them.
  if (str(c.ssh_proxy_host)) {
    throw new UserError('ssh_proxy_host: SOCKS5 proxies are not supported by pack yet; ssh_bastion_host (a jump host) is');
  }
  for (const field of ['ssh_local_tunnels', 'ssh_remote_tunnels']) {
    if (Array.isArray(c[field]) && (c[field] as unknown[]).length > 0) {
      throw new UserError(`${field}: port forwarding is not supported by pack yet`);
    }
  }
  const bastionHost = str(c.ssh_bastion_host);
  const bastionKeyFile = str(c.ssh_bastion_private_key_file);
  return {
    host,
    port: Number(c.ssh_port ?? 22),
    username,
    password,
    privateKey,
    passphrase: str(c.ssh_private_key_passphrase),
    agent,
    // Packer: a non-zero ssh_wait_timeout (the old name) replaces ssh_timeout.
    timeout: ms(typeof c.ssh_wait_timeout === 'number' && c.ssh_wait_timeout !== 0 ? c.ssh_wait_timeout : c.ssh_timeout, 300_000),
    handshakeAttempts: Math.max(1, Number(c.ssh_handshake_attempts ?? 10)),
    keepAliveInterval: ms(c.ssh_keep_alive_interval, 5_000),
    readWriteTimeout: ms(c.ssh_read_write_timeout, 0),
    pty: c.ssh_pty === true,
    transfer,
    pauseBeforeConnecting: ms(c.pause_before_connecting, 0),
    ciphers: Array.isArray(c.ssh_ciphers) && c.ssh_ciphers.length > 0 ? (c.ssh_ciphers as string[]) : undefined,
    kex:
      Array.isArray(c.ssh_key_exchange_algorithms) && c.ssh_key_exchange_algorithms.length > 0
        ? (c.ssh_key_exchange_algorithms as string[])
        : undefined,
    bastion: bastionHost
      ? {
          host: bastionHost,
          port: Number(c.ssh_bastion_port ?? 22),
          username: str(c.ssh_bastion_username) ?? username,
          password: typeof c.ssh_bastion_password === 'string' ? c.ssh_bastion_password : undefined,
          privateKey: bastionKeyFile ? readKey(bastionKeyFile, 'ssh_bastion_private_key_file', templateDir) : undefined,
          agent: c.ssh_bastion_agent_auth === true ? process.env.SSH_AUTH_SOCK : undefined,
        }
      : undefined,
    temporaryPublicKey,
    clearAuthorizedKeys: c.ssh_clear_authorized_keys === true,
  };
}
