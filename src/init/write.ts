// Writes the template atomically: a temporary file beside the target, then a link (refuses to replace an
// existing file, atomically) or a rename (replaces it, when overwriting was confirmed).
import { linkSync, renameSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

export class FileExistsError extends UserError {
  constructor(
    readonly path: string,
    command = 'pack init',
  ) {
    super(`${command}: ${path} already exists. Use --force to overwrite it, or -o to choose another file.`);
  }
}

/** `command` names the command in the messages (pack init, pack convert). */
export function writeAtomically(path: string, text: string, overwrite: boolean, command = 'pack init'): void {
  if (!existsSync(dirname(path))) throw new UserError(`${command}: the folder ${dirname(path)} does not exist`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, text, { flag: 'wx', mode: 0o644 });
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
