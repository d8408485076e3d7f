// Filesystem functions. Relative paths are taken from the template's folder as the user gave it
// (Packer's base directory), "~" from $HOME; path functions follow Go's path/filepath rules.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { resolve, join, isAbsolute, posix } from 'node:path';
import { homedir } from 'node:os';
import { lazy } from '../../../util/lazy-require.js';
import { def, p, FunctionError, type HclFunc } from './args.js';

/** Go's filepath.Clean. */
export function goClean(path: string): string {
  if (path === '') return '.';
  const n = posix.normalize(path);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}
export function goDir(path: string): string {
  const i = path.lastIndexOf('/');
  return goClean(i < 0 ? '' : path.slice(0, i + 1));
}
export function goBase(path: string): string {
  if (path === '') return '.';
  const t = path.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}
const picomatchLib = lazy<typeof import('picomatch')>('picomatch');
const expandHome = (path: string) => (path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);

export function fileFunctions(baseDir: string): Record<string, HclFunc> {
  const locate = (path: string) => {
    const x = expandHome(path);
    return isAbsolute(x) ? x : join(baseDir, x);
  };
  const readBytes = (path: string): Buffer => {
    const full = locate(path);
    try {
      return readFileSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FunctionError(code === 'ENOENT' ? `no file exists at ${full}` : `failed to read ${full}: ${code ?? (e as Error).message}`);
    }
  };
  return {
    abspath: def('abspath', [p('path', 'string')], undefined, (path: string) => resolve(path)),
    basename: def('basename', [p('path', 'string')], undefined, goBase),
    dirname: def('dirname', [p('path', 'string')], undefined, goDir),
    pathexpand: def('pathexpand', [p('path', 'string')], undefined, expandHome),
    file: def('file', [p('path', 'string')], undefined, (path: string) => {
      const buf = readBytes(path);
      const text = buf.toString('utf8');
      if (!Buffer.from(text, 'utf8').equals(buf)) throw new FunctionError(`contents of ${path} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents`);
      return text;
    }),
    filebase64: def('filebase64', [p('path', 'string')], undefined, (path: string) => readBytes(path).toString('base64')),
    fileexists: def('fileexists', [p('path', 'string')], undefined, (path: string) => {
      const full = locate(path);
      try {
        const st = statSync(full);
        if (!st.isFile()) throw new FunctionError(`${full} is not a regular file, but ${st.isDirectory() ? 'a directory' : 'a special file'}`);
        return true;
      } catch (e) {
        if (e instanceof FunctionError) throw e;
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw new FunctionError(`failed to stat ${full}`);
      }
    }),
    fileset: def('fileset', [p('path', 'string'), p('pattern', 'string')], undefined, (path: string, pattern: string) => {
      const root = locate(path);
      const match = picomatchLib()(pattern, { dot: true });
      const out: string[] = [];
      const walk = (dir: string, rel: string) => {
        let entries;
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const r = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) walk(join(dir, e.name), r);
          else if (e.isFile() && match(r)) out.push(r);
        }
      };
      walk(root, '');
      return out.sort();
    }),
  };
}
