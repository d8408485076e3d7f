// A small folder tree with distinct modes, and a way to read one back for comparison.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';

export function makeTree(root: string): void {
  mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(root, 'run.sh'), '#!/bin/sh\necho run\n');
  chmodSync(join(root, 'run.sh'), 0o755);
  writeFileSync(join(root, 'private.key'), 'secret-ish\n');
  chmodSync(join(root, 'private.key'), 0o600);
  writeFileSync(join(root, "name with space's.txt"), 'spaces\n');
  writeFileSync(join(root, 'sub', 'data.bin'), randomBytes(300_000));
  writeFileSync(join(root, 'sub', 'deeper', 'empty'), '');
  chmodSync(join(root, 'sub', 'deeper'), 0o750);
}

/** "rel mode sha256" lines, sorted. */
export function describeTree(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(p);
      const mode = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) {
        out.push(`${r}/ ${mode}`);
        visit(p, r);
      } else out.push(`${r} ${mode} ${createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16)}`);
    }
  };
  visit(root, '');
  return out;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
