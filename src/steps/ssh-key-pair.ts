// Temporary SSH key pair: the ssh communicator logs in with it when the template gives no
// password or key; the private key is also written 0600 for tools that want a file.
// Reads: nothing. Writes: STATE.sshKeyPair.
import { STATE, setState, type Step } from '../core/components.js';
import { createTemporaryKeyPair, type TemporaryKeyPair } from '../ssh/keypair.js';

export function sshKeyPairStep(o: { comment: string; idPrefix: string }): Step {
  let pair: TemporaryKeyPair | undefined;
  return {
    id: `${o.idPrefix}:key-pair`,
    title: 'Create a temporary SSH key pair',
    kind: 'builder',
    async run(state) {
      pair = createTemporaryKeyPair({ comment: o.comment });
      setState(state, STATE.sshKeyPair, { privateKey: pair.privateKey, publicKey: pair.publicKey, privateKeyFile: pair.privateKeyPath });
      return 'continue';
    },
    async cleanup() {
      pair?.remove();
    },
  };
}
