// -only / -except: comma lists of build names, with globs ("null.*", "x-?").
import picomatch from 'picomatch';
import { UserError } from '../errors.js';
import type { BuildDef } from './model.js';

function matcher(list: string[]): (name: string) => boolean {
  const pats = list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const ms = pats.map((p) => picomatch(p, { dot: true }));
  return (name) => ms.some((m) => m(name));
}

export function selectBuilds(builds: BuildDef[], only: string[] = [], except: string[] = []): BuildDef[] {
  if (only.length && except.length) throw new UserError('Error: -only and -except cannot be used together');
  let out = builds;
  if (only.length) {
    const m = matcher(only);
    out = builds.filter((b) => m(b.name) || m(b.sourceName));
  }
  if (except.length) {
    const m = matcher(except);
    out = out.filter((b) => !m(b.name) && !m(b.sourceName));
  }
  return out;
}
