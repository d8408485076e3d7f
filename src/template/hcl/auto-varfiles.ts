// *.auto.pkrvars.hcl and *.auto.pkrvars.json of a template folder, loaded as Packer loads them: HCL
// ones then JSON ones, each by name, after PKR_VAR_ values and before -var-file and -var (current
// Packer's order). Packer loads them for a folder only, not beside a single-file template.
import { stat } from 'node:fs/promises';
import { readFolder } from '../read-file.js';
import { join } from 'node:path';
import type { GivenValue } from '../inputs.js';
import { readVarFile } from '../inputs.js';

export async function autoVarFiles(templatePath: string): Promise<string[]> {
  const st = await stat(templatePath).catch(() => undefined);
  if (!st?.isDirectory()) return [];
  const names = (await readFolder(templatePath, 'template folder')).filter((e) => e.isFile()).map((e) => e.name).sort();
  return [...names.filter((n) => n.endsWith('.auto.pkrvars.hcl')), ...names.filter((n) => n.endsWith('.auto.pkrvars.json'))].map((n) => join(templatePath, n));
}

/** The given values with the folder's auto var files placed after the environment's. */
export async function withAutoVarFiles(templatePath: string, given: GivenValue[]): Promise<GivenValue[]> {
  const files = await autoVarFiles(templatePath);
  if (files.length === 0) return given;
  const auto: GivenValue[] = [];
  for (const file of files) {
    for (const [name, value] of Object.entries(await readVarFile(file, 'auto var file'))) auto.push({ name, value, raw: false, source: `var file ${file}` });
  }
  const envCount = given.filter((g) => g.source.startsWith('environment')).length;
  return [...given.slice(0, envCount), ...auto, ...given.slice(envCount)];
}
