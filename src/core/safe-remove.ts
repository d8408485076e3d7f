// The -force rule for output folders: a folder pack is asked to delete may never be `/`, the
// working folder, the template's folder, or a parent of either (output_directory: "." with
// -force would otherwise delete the template itself). Builders and shared steps call this
// before any recursive delete of a path that came from a template.
import { realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** True when `ancestor` is `path` itself or one of its parents. */
function contains(ancestor: string, path: string): boolean {
  if (ancestor === path) return true;
  const prefix = ancestor.endsWith(sep) ? ancestor : ancestor + sep;
  return path.startsWith(prefix);
}

/** Why `dir` must not be deleted, or undefined when deleting it is safe. */
export function unsafeRemovalReason(dir: string, templateDir?: string): string | undefined {
  const target = real(dir);
  if (target === real('/')) return 'it is the root folder';
  const cwd = real(process.cwd());
  if (contains(target, cwd)) return target === cwd ? 'it is the working folder' : 'it holds the working folder';
  if (templateDir) {
    const tdir = real(templateDir);
    if (contains(target, tdir)) return target === tdir ? "it is the template's folder" : "it holds the template's folder";
  }
  return undefined;
}

/** Throws a UserError naming the field when `dir` is one pack must never delete. */
export function assertSafeToRemove(dir: string, field: string, templateDir?: string): void {
  const why = unsafeRemovalReason(dir, templateDir);
  if (why) {
    throw new UserError(`${field}: refusing to delete ${dir} (${why}); choose an output folder of its own`);
  }
}

/** Deletes a folder (recursively) after checking the rule above. */
export async function removeOutputFolder(dir: string, field: string, templateDir?: string): Promise<void> {
  assertSafeToRemove(dir, field, templateDir);
  await rm(dir, { recursive: true, force: true });
}
