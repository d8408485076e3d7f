import { describe, it, expect } from 'vitest';
import ssh2 from 'ssh2';
import { createTemporaryKeyPair } from '../../src/ssh/keypair.js';

describe('temporary key pairs', () => {
  // ssh2 writes about one ed25519 key in 256 in a form it cannot read back; 1,000 keys
  // meet such a key with near certainty, so this fails if the guard in keypair.ts goes.
  it('are always readable by ssh2', () => {
    for (let i = 0; i < 1000; i++) {
      const pair = createTemporaryKeyPair({ type: 'ed25519' });
      try {
        expect(ssh2.utils.parseKey(pair.privateKey)).not.toBeInstanceOf(Error);
      } finally {
        pair.remove();
      }
    }
  });
});
