// Sensitive variables reach Packer in a var file only its owner can read, never on a command line
// (which every user of the machine can see); the file goes when the command ends.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from '../template/model.js';

/** -var values split: the sensitive ones (for the var file) and the rest (for -var). */
export function splitSensitive(template: Template, vars: [string, string][]): { sensitive: Record<string, string>; plain: [string, string][] } {
  const sensitive: Record<string, string> = {};
  const plain: [string, string][] = [];
  for (const [k, v] of vars) {
    if (template.variables[k]?.sensitive) sensitive[k] = v;
    else plain.push([k, v]);
  }
  return { sensitive, plain };
}

/** Runs fn with the path of a 0600 JSON var file holding values (none when there are no values), then removes it. */
export async function withSensitiveVarFile<T>(values: Record<string, unknown>, fn: (path: string | undefined) => Promise<T>): Promise<T> {
  if (Object.keys(values).length === 0) return fn(undefined);
  const dir = await mkdtemp(join(tmpdir(), 'pack-packer-'));
  try {
    // .pkrvars.json: Packer reads it for HCL2 templates, and legacy JSON templates read any JSON var file.
    const path = join(dir, 'sensitive.pkrvars.json');
    await writeFile(path, JSON.stringify(values), { mode: 0o600 });
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
