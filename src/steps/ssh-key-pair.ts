// Temporary SSH key pair: the ssh communicator logs in with it when the template gives no
// password or key; the private key is also written 0600 for tools that want a file.
// Reads: whatever `reuse` reads. Writes: STATE.sshKeyPair.
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { STATE, setState, type StateBag, type Step } from '../core/components.js';
import { createTemporaryKeyPair, type TemporaryKeyPair } from '../ssh/keypair.js';

export interface SshKeyPairOptions {
  comment: string;
  idPrefix: string;
  /** A pair to use again instead of a new one (a machine resumed from the build cache knows only its own). */
  reuse?(state: StateBag): { privateKey: string; publicKey: string } | undefined;
}

function reusedKeyPair(saved: { privateKey: string; publicKey: string }, dir: string): TemporaryKeyPair {
  const privateKeyPath = join(dir, 'id_reused');
  writeFileSync(privateKeyPath, saved.privateKey, { mode: 0o600 });
  return { type: 'ed25519', ...saved, privateKeyPath, remove: () => rmSync(privateKeyPath, { force: true }) };
}

export function sshKeyPairStep(o: SshKeyPairOptions): Step {
  let pair: TemporaryKeyPair | undefined;
  return {
    id: `${o.idPrefix}:key-pair`,
    title: 'Create a temporary SSH key pair',
    kind: 'builder',
    async run(state, ctx) {
      const saved = o.reuse?.(state);
      pair = saved ? reusedKeyPair(saved, ctx.tempDir) : createTemporaryKeyPair({ comment: o.comment });
      setState(state, STATE.sshKeyPair, { privateKey: pair.privateKey, publicKey: pair.publicKey, privateKeyFile: pair.privateKeyPath });
      return 'continue';
    },
    async cleanup() {
      pair?.remove();
    },
  };
}
