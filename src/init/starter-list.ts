// The starter templates the wizard offers (templates/*.yaml). Kept free of the YAML parser: the wizard's first
// frame lists them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

export interface Starter {
  name: string;
  file: string;
  description: string;
}

/** templates/ of this installation: found upwards from this module (src/init or dist/). */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');
}

/** Starters the wizard offers; quickstart.yaml belongs to the README and is offered too when present. */
export function listStarters(dir = templatesDir()): Starter[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      // A top-level `description:` line; read without the YAML parser, which the first frame need not load.
      const m = /^description:[ \t]*(.*)$/m.exec(readFileSync(file, 'utf8'));
      const description = m ? m[1].replace(/^(["'])(.*)\1$/, '$2').trim() : '';
      return { name: basename(f).replace(/\.ya?ml$/, ''), file, description };
    });
}

export function findStarter(name: string, dir = templatesDir()): Starter {
  const all = listStarters(dir);
  const s = all.find((x) => x.name === name || basename(x.file) === name);
  if (!s) {
    throw new UserError(`pack init: no starter template "${name}". Starters: ${all.map((x) => x.name).join(', ') || 'none'}`);
  }
  return s;
}

