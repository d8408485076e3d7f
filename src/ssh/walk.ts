// Local folder trees: what to create and copy, in an order where parents come first.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface TreeEntry {
  /** Relative to the root, with "/" separators; "" is the root itself. */
  rel: string;
  path: string;
  dir: boolean;
  mode: number;
  size: number;
}

/** Symbolic links are followed (their targets are copied); a link back up the tree is copied once. */
export async function walkLocal(root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const seen = new Set<string>();
  async function visit(path: string, rel: string) {
    let st;
    try {
      st = await stat(path);
    } catch (err) {
      // A dangling link: nothing to copy.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && rel !== '') return;
      throw err;
    }
    if (st.isDirectory()) {
      const real = await realpath(path);
      if (seen.has(real)) return;
      seen.add(real);
    }
    out.push({ rel, path, dir: st.isDirectory(), mode: st.mode & 0o7777, size: st.size });
    if (!st.isDirectory()) return;
    for (const name of (await readdir(path)).sort()) await visit(join(path, name), rel ? `${rel}/${name}` : name);
  }
  await visit(root, '');
  return out;
}

/** Runs fn over items with at most `limit` running at once; fails with the first error. */
export async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

/** Joins remote (POSIX) paths. */
export function remoteJoin(a: string, b: string): string {
  if (!b) return a;
  return a.endsWith('/') ? a + b : `${a}/${b}`;
}

export function remoteBase(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
