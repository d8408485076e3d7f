// Hash, crypto and UUID functions.
import { lazy } from '../../../util/lazy-require.js';
import { def, p, FunctionError, type HclFunc } from './args.js';

const bcryptLib = lazy<typeof import('bcryptjs')>('bcryptjs');
// node:crypto brings twenty internal modules: only templates that hash load it.
const nodeCrypto = lazy<typeof import('node:crypto')>('node:crypto');
const hex = (algo: string) => (s: string) => nodeCrypto().createHash(algo).update(s, 'utf8').digest('hex');

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** RFC 4122 version 5 (SHA-1) UUID. */
function uuidV5(ns: string, name: string): string {
  const nsText = NAMESPACES[ns] ?? ns;
  if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(nsText)) throw new FunctionError(`uuidv5() doesn't support namespace ${ns}`);
  const bytes = nodeCrypto().createHash('sha1').update(Buffer.from(nsText.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const hashFunctions: Record<string, HclFunc> = {
  md5: def('md5', [p('str', 'string')], undefined, hex('md5')),
  sha1: def('sha1', [p('str', 'string')], undefined, hex('sha1')),
  sha256: def('sha256', [p('str', 'string')], undefined, hex('sha256')),
  sha512: def('sha512', [p('str', 'string')], undefined, hex('sha512')),
  bcrypt: def('bcrypt', [p('str', 'string')], p('cost', 'number'), (s: string, ...cost: number[]) => {
    if (cost.length > 1) throw new FunctionError('only one cost argument may be given');
    const c = cost[0] ?? 10;
    if (c < 4 || c > 31) throw new FunctionError(`crypto/bcrypt: cost ${c} is outside allowed range (4,31)`);
    // Go's bcrypt writes the $2a$ prefix.
    return bcryptLib().hashSync(s, c).replace(/^\$2b\$/, '$2a$');
  }),
  rsadecrypt: def('rsadecrypt', [p('ciphertext', 'string'), p('privatekey', 'string')], undefined, (c: string, key: string) => {
    try {
      return nodeCrypto().privateDecrypt({ key, padding: nodeCrypto().constants.RSA_PKCS1_PADDING }, Buffer.from(c, 'base64')).toString('utf8');
    } catch (e) {
      throw new FunctionError(`failed to decrypt: ${(e as Error).message}`);
    }
  }),
  uuidv4: def('uuidv4', [], undefined, () => nodeCrypto().randomUUID()),
  uuidv5: def('uuidv5', [p('namespace', 'string'), p('name', 'string')], undefined, uuidV5),
};
