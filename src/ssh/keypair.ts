// Temporary SSH key pairs for builders that inject a key into the machine (docker, qemu...).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { utils as Ssh2Utils } from 'ssh2';

// ssh2's key generator and parser alone, on first use: the package's index also loads its server and
// HTTP agents (node:http, node:https, node:tls).
const load = createRequire(import.meta.url);
const keygen = () => load('ssh2/lib/keygen.js') as Pick<typeof Ssh2Utils, 'generateKeyPairSync'>;
const keyParser = () => load('ssh2/lib/protocol/keyParser.js') as Pick<typeof Ssh2Utils, 'parseKey'>;

export type TemporaryKeyType = 'ed25519' | 'rsa' | 'ecdsa';

export interface TemporaryKeyPair {
  type: TemporaryKeyType;
  /** OpenSSH private key text. Pass it as the communicator's ssh_private_key target value. */
  privateKey: string;
  /** authorized_keys line: "ssh-ed25519 AAAA... comment". */
  publicKey: string;
  /** The private key written 0600 to its own temp folder, for tools that want a file. */
  privateKeyPath: string;
  /** Removes the key file and its folder. Safe to call twice. */
  remove(): void;
}

export interface KeyPairOptions {
  /** temporary_key_pair_type; dsa (and anything unknown) becomes rsa. Default ed25519. */
  type?: string;
  /** temporary_key_pair_bits: rsa (default 4096) or ecdsa (256, 384, 521; default 521). */
  bits?: number;
  comment?: string;
  /** Folder for the key's temp folder (default the OS temp folder). */
  dir?: string;
}

export function createTemporaryKeyPair(opts: KeyPairOptions = {}): TemporaryKeyPair {
  const type: TemporaryKeyType = opts.type === 'rsa' || opts.type === 'dsa' ? 'rsa' : opts.type === 'ecdsa' ? 'ecdsa' : 'ed25519';
  const comment = opts.comment ?? 'pack-temporary-key';
  const pair = generateParseable(() =>
    type === 'rsa'
      ? keygen().generateKeyPairSync('rsa', { bits: opts.bits && opts.bits >= 2048 ? opts.bits : 4096, comment })
      : type === 'ecdsa'
        ? keygen().generateKeyPairSync('ecdsa', { bits: opts.bits === 256 || opts.bits === 384 ? opts.bits : 521, comment })
        : keygen().generateKeyPairSync('ed25519', { comment }),
  );
  const folder = mkdtempSync(join(opts.dir ?? tmpdir(), 'pack-key-'));
  const privateKeyPath = join(folder, `id_${type}`);
  writeFileSync(privateKeyPath, pair.private, { mode: 0o600 });
  return {
    type,
    privateKey: pair.private,
    publicKey: pair.public.trim(),
    privateKeyPath,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/**
 * ssh2 1.17 drops a leading zero byte of an ed25519 public key when it writes the OpenSSH
 * private key (about one key in 256), and then cannot read that key back. Generate again
 * until the key parses, so a build never fails on an unlucky key.
 */
function generateParseable(generate: () => { private: string; public: string }): { private: string; public: string } {
  for (let attempt = 1; ; attempt++) {
    const pair = generate();
    if (!(keyParser().parseKey(pair.private) instanceof Error)) return pair;
    if (attempt >= 20) throw new Error('could not generate a usable temporary SSH key pair');
  }
}
