// Writes what pack init and pack convert make, through util/atomic-write: refusing to replace an
// existing file unless overwriting was confirmed.
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';

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

/**
 * Writes a file pack init or pack convert made: atomically, and without `overwrite` never over an
 * existing file (checked in the same step as the write). `command` names the command in the messages.
 */
export function writeAtomically(path: string, text: string, overwrite: boolean, command = 'pack init', mode = 0o644): void {
  if (!existsSync(dirname(path))) throw new UserError(`${command}: the folder ${dirname(path)} does not exist`);
  try {
    // The mode asked for even over an older file: a secrets file is private whatever it replaces.
    writeFileAtomicSync(path, text, { mode, exactMode: true, exclusive: !overwrite });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path, command);
    throw err;
  }
}
