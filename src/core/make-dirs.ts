// `mkdir -p` without Node's recursive mkdir, which loops for ever on paths such as /proc/x
// (mkdir there fails with ENOENT although the parent exists). Walks up to the first folder
// that exists, then creates each missing one in turn: a bounded number of calls.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';

function where(path: string, at: string): string {
  return resolve(path) === at ? path : `${path} (at ${at})`;
}

export function makeDirs(path: string, mode = 0o777): void {
  const missing: string[] = [];
  let p = resolve(path);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new UserError(`cannot create the folder ${where(path, p)}: ${code ?? (err as Error).message}`);
      missing.push(p);
      const up = dirname(p);
      if (up === p) break;
      p = up;
      continue;
    }
    if (!st.isDirectory()) throw new UserError(`cannot create the folder ${path}: ${p} is not a folder`);
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, { mode });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new UserError(`cannot create the folder ${where(path, dir)}: ${code ?? (err as Error).message}`);
    }
  }
}
