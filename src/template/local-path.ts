import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Resolves a local path written in a template. Packer resolves relative paths against the
 * working directory; pack does the same, and falls back to the template's folder when the
 * path does not exist there (so `pack build sub/t.json` finds `sub/script.sh` written as `script.sh`).
 */
export function resolveLocalPath(p: string, templateDir: string | undefined): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  if (isAbsolute(p)) return p;
  const fromCwd = resolve(p);
  if (existsSync(fromCwd) || !templateDir) return fromCwd;
  const fromTemplate = resolve(templateDir, p);
  return existsSync(fromTemplate) ? fromTemplate : fromCwd;
}
