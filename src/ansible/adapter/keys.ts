// The adapter's one-time keys, or the ones the template names (ssh_host_key_file, ssh_authorized_key_file).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { createTemporaryKeyPair } from '../../ssh/keypair.js';

export interface AdapterKeys {
  /** Private key text the server presents. */
  hostKey: string;
  /** The one public key the server accepts. */
  authorizedKey: ssh2.ParsedKey;
  /** The matching private key written 0600 for ansible, when pack generated it. */
  clientKeyFile?: string;
}

function parsed(text: string, what: string): ssh2.ParsedKey {
  const k = ssh2.utils.parseKey(text);
  if (k instanceof Error) throw new Error(`${what}: ${k.message}`);
  return Array.isArray(k) ? k[0] : k;
}

export function adapterKeys(dir: string, hostKeyFile?: string, authorizedKeyFile?: string): AdapterKeys {
  const hostKey = hostKeyFile ? readFileSync(hostKeyFile, 'utf8') : createOneTime().private;
  parsed(hostKey, `ssh_host_key_file ${hostKeyFile ?? ''}`.trim());
  if (authorizedKeyFile) {
    return { hostKey, authorizedKey: parsed(readFileSync(authorizedKeyFile, 'utf8'), `ssh_authorized_key_file ${authorizedKeyFile}`) };
  }
  const user = createOneTime();
  const clientKeyFile = join(dir, 'adapter-user-key');
  writeFileSync(clientKeyFile, user.private, { mode: 0o600 });
  return { hostKey, authorizedKey: parsed(user.public, 'the one-time user key'), clientKeyFile };
}

function createOneTime(): { private: string; public: string } {
  const pair = createTemporaryKeyPair({ type: 'ed25519', comment: 'pack-ansible-adapter' });
  // Only the text is kept: the key's own file goes at once, the caller writes what it needs.
  pair.remove();
  return { private: pair.privateKey, public: pair.publicKey };
}
