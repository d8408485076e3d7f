// Writes the template atomically: a temporary file beside the target, then a link (refuses to replace an
// existing file, atomically) or a rename (replaces it, when overwriting was confirmed).
import { linkSync, renameSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { UserError } from '../errors.js';

export class FileExistsError extends UserError {
  constructor(
    readonly path: string,
    command = 'pack init',
  ) {
    super(`${command}: ${path} already exists. Use --force to overwrite it, or -o to choose another file.`);
  }
}

/** Where a template's secrets go: beside it, "t.json" -> "t.secrets.json" (a var file pack and Packer read). */
export function secretsFileFor(templatePath: string): string {
  const name = basename(templatePath);
  const stem = name.endsWith('.pkr.hcl') ? name.slice(0, -'.pkr.hcl'.length) : name.slice(0, name.length - extname(name).length);
  return join(dirname(templatePath), `${stem}.secrets.json`);
}

/**
 * Writes the values of the template's sensitive variables to its var file, readable by the owner only
 * (mode 0600), so the template itself never holds them. Returns the file, or undefined when there are none.
 */
export function writeSecretsFile(templatePath: string, secrets: Record<string, unknown>, overwrite: boolean): string | undefined {
  if (Object.keys(secrets).length === 0) return undefined;
  const path = secretsFileFor(templatePath);
  const values = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  writeAtomically(path, JSON.stringify(values, null, 2) + '\n', overwrite, 'pack init', 0o600);
  return path;
}

/** `command` names the command in the messages (pack init, pack convert). */
export function writeAtomically(path: string, text: string, overwrite: boolean, command = 'pack init', mode = 0o644): void {
  if (!existsSync(dirname(path))) throw new UserError(`${command}: the folder ${dirname(path)} does not exist`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, text, { flag: 'wx', mode });
  try {
    if (overwrite) {
      renameSync(tmp, path);
      return;
    }
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path, command);
      throw err;
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed away already
    }
  }
}
