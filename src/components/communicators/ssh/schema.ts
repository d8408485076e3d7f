import { existsSync, statSync } from 'node:fs';
import type { ComponentSchema, FieldSpec } from '../../../schema/types.js';
import { resolveLocalPath } from '../../../template/local-path.js';

const adv = (spec: FieldSpec): FieldSpec => ({ ...spec, advanced: true });

// Field names are Packer 1.6.6's (packer-plugin-sdk communicator.SSH). Two are pack's own and say so:
// ssh_private_key_passphrase (Packer cannot use encrypted keys) and ssh_private_key (PEM text, set by builders).
export const definition: ComponentSchema = {
  kind: 'communicator',
  type: 'ssh',
  description: 'Connects to the machine over SSH (ssh2): runs commands, copies files by sftp or scp',
  fields: {
    ssh_bastion_certificate_file: { type: 'string', description: 'Packer: certificate for the bastion login (in Packer templates; pack accepts it and does not use it)', advanced: true },
    ssh_host: { type: 'string', description: 'Address to connect to (builders usually fill it in)', example: '127.0.0.1' },
    ssh_port: { type: 'integer', description: 'SSH port', default: 22 },
    ssh_username: { type: 'string', description: 'User to log in as', example: 'root' },
    ssh_password: { type: 'string', description: 'Password to log in with', sensitive: true },
    ssh_private_key_file: {
      type: 'string',
      description: 'Private key file to log in with',
      example: '~/.ssh/id_ed25519',
    },
    ssh_private_key_passphrase: adv({
      type: 'string',
      description: 'pack only: passphrase of an encrypted ssh_private_key_file (pass it from a sensitive variable)',
      sensitive: true,
    }),
    ssh_private_key: adv({
      type: 'string',
      description: 'pack only: private key as PEM text (builders set it for their temporary key pair)',
      sensitive: true,
    }),
    ssh_agent_auth: adv({ type: 'boolean', description: 'Log in with the keys of the running ssh-agent (SSH_AUTH_SOCK)', default: false }),
    ssh_disable_agent_forwarding: adv({ type: 'boolean', description: 'Do not forward the ssh-agent to the machine', default: false }),
    ssh_timeout: { type: 'duration', description: 'How long to wait for SSH to become available', default: '5m' },
    ssh_wait_timeout: adv({ type: 'duration', description: 'Deprecated alias of ssh_timeout' }),
    ssh_handshake_attempts: adv({
      type: 'integer',
      description: 'Handshakes to try (authentication failures included) before giving up',
      default: 10,
    }),
    ssh_keep_alive_interval: adv({ type: 'duration', description: 'Interval between keep-alive messages; 0 disables them', default: '5s' }),
    ssh_read_write_timeout: adv({
      type: 'duration',
      description: 'Fail a transfer or command that sees no traffic for this long; 0 means no limit',
      default: '0s',
    }),
    ssh_pty: adv({ type: 'boolean', description: 'Ask for a pseudo-terminal for every command', default: false }),
    ssh_file_transfer_method: adv({
      type: 'string',
      description: 'How files are copied: scp or sftp',
      default: 'scp',
      enum: ['scp', 'sftp'],
    }),
    pause_before_connecting: adv({ type: 'duration', description: 'Wait this long before the first connection attempt', default: '0s' }),
    ssh_bastion_host: adv({ type: 'string', description: 'Jump host to connect through' }),
    ssh_bastion_port: adv({ type: 'integer', description: 'Port of the jump host', default: 22 }),
    ssh_bastion_username: adv({ type: 'string', description: 'User on the jump host' }),
    ssh_bastion_password: adv({ type: 'string', description: 'Password on the jump host', sensitive: true }),
    ssh_bastion_private_key_file: adv({ type: 'string', description: 'Private key file for the jump host' }),
    ssh_bastion_agent_auth: adv({ type: 'boolean', description: 'Use the ssh-agent on the jump host', default: false }),
    ssh_bastion_interactive: adv({ type: 'boolean', description: 'Keyboard-interactive login on the jump host', default: false }),
    ssh_proxy_host: adv({ type: 'string', description: 'SOCKS5 proxy to connect through (not supported by pack yet)' }),
    ssh_proxy_port: adv({ type: 'integer', description: 'Port of the SOCKS5 proxy', default: 1080 }),
    ssh_proxy_username: adv({ type: 'string', description: 'User for the SOCKS5 proxy' }),
    ssh_proxy_password: adv({ type: 'string', description: 'Password for the SOCKS5 proxy', sensitive: true }),
    ssh_keypair_name: adv({ type: 'string', description: 'Cloud key pair name (cloud builders)' }),
    temporary_key_pair_name: adv({ type: 'string', description: 'Name of the temporary key pair (cloud builders)' }),
    temporary_key_pair_type: adv({
      type: 'string',
      description: 'Type of the temporary key pair a builder creates',
      default: 'rsa',
      enum: ['rsa', 'ed25519', 'ecdsa', 'dsa'],
    }),
    temporary_key_pair_bits: adv({ type: 'integer', description: 'Bits of the temporary key pair (rsa: 4096, ecdsa: 521)' }),
    ssh_clear_authorized_keys: adv({
      type: 'boolean',
      description: 'Remove the temporary key from ~/.ssh/authorized_keys at the end of provisioning',
      default: false,
    }),
    ssh_ciphers: adv({ type: 'string[]', description: 'Ciphers to allow, in order of preference' }),
    ssh_key_exchange_algorithms: adv({ type: 'string[]', description: 'Key exchange algorithms to allow' }),
    ssh_certificate_file: adv({ type: 'string', description: 'Signed certificate for the private key' }),
    ssh_public_key: adv({ type: 'string', description: 'Public key text (set by builders)' }),
    ssh_remote_tunnels: adv({ type: 'string[]', description: 'Remote port forwards (not supported by pack yet)' }),
    ssh_local_tunnels: adv({ type: 'string[]', description: 'Local port forwards (not supported by pack yet)' }),
  },
  check(config, ctx) {
    const errs: string[] = [];
    if (!config.ssh_username) {
      errs.push('An ssh_username must be specified\n  Note: some builders used to default ssh_username to "root".');
    }
    // ssh_file_transfer_method's values are checked through its enum.
    for (const field of ['ssh_private_key_file', 'ssh_bastion_private_key_file', 'ssh_certificate_file']) {
      const p = config[field];
      if (typeof p !== 'string' || p === '') continue;
      const full = resolveLocalPath(p, ctx.templateDir);
      if (!existsSync(full)) errs.push(`${field} is invalid: ${p}: no such file`);
      else if (!statSync(full).isFile()) errs.push(`${field} is invalid: ${p} is not a file`);
    }
    if (config.ssh_bastion_host) {
      if (!config.ssh_bastion_password && !config.ssh_bastion_private_key_file && !config.ssh_bastion_agent_auth) {
        errs.push('ssh_bastion_password or ssh_bastion_private_key_file must be specified');
      }
      if (config.ssh_proxy_host) errs.push('please specify either ssh_bastion_host or ssh_proxy_host, not both');
    }
    return errs;
  },
};
