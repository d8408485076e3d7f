// Cache keys: a hash chain. The first point's key hashes what shapes the machine (the builder's
// inputs); each provisioner's point hashes the previous key, its config and the content of
// every local file it reads. Changing one input therefore changes that point's key and every
// key after it, and none before. Everything enters as a hash: no secret is ever stored in clear.
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Bumped when what a key covers changes, so old points are never mistaken for new ones. */
const KEY_VERSION = 'pack-cache-1';

/** JSON with object keys sorted, so that equal values hash equally whatever their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
    h.update(String(Buffer.byteLength(p)) + ':');
    h.update(p);
  }
  return h.digest('hex');
}

/** The first point: the builder type and what of its config shapes the machine. */
export function rootKey(builderType: string, builderInputs: unknown): string {
  return sha256(KEY_VERSION, 'builder', builderType, canonicalJson(builderInputs));
}

export interface ProvisionerKeyInput {
  type: string;
  /** The provisioner's config as it runs (override applied). */
  config: Record<string, unknown>;
  /** Local path as written => hash of its content (see hashPath). */
  files: Record<string, string>;
}

export function provisionerKey(previous: string, p: ProvisionerKeyInput): string {
  return sha256(previous, 'provisioner', p.type, canonicalJson(p.config), canonicalJson(p.files));
}

/** The keys of every point: [root, after provisioner 1, ..., after provisioner n]. */
export function keyChain(root: string, provisioners: ProvisionerKeyInput[]): string[] {
  const keys = [root];
  for (const p of provisioners) keys.push(provisionerKey(keys[keys.length - 1], p));
  return keys;
}

/**
 * A file's or a folder's content (names, modes, bytes, link targets, recursively) as one hash;
 * "missing" for a path that does not exist (the build will say so when it runs).
 */
export async function hashPath(path: string): Promise<string> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    return 'missing';
  }
  const mode = (st.mode & 0o777).toString(8);
  if (st.isSymbolicLink()) return sha256('link', await readlink(path));
  if (st.isDirectory()) {
    const names = (await readdir(path)).sort();
    const parts: string[] = ['dir', mode];
    for (const n of names) parts.push(n, await hashPath(join(path, n)));
    return sha256(...parts);
  }
  return sha256('file', mode, await readFile(path));
}
