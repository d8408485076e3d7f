// A folder's *.auto.pkrvars files are inputs that Packer JSON never reads: their values become the
// variables' defaults, so that the converted template runs as the folder did.
import { basename } from 'node:path';
import type { Template } from '../template/model.js';
import { autoVarFiles } from '../template/hcl/auto-varfiles.js';
import { readVarFile } from '../template/inputs.js';
import { mapStrings } from './values.js';

/** A value as an HCL2 default holds it: "${" and "%{" in a given string are literal text. */
const asLiteral = (v: unknown) => mapStrings(v, (s) => s.split('${').join('$${').split('%{').join('%%{'));

export async function foldAutoVarFiles(t: Template, folder: string, warnings: string[]): Promise<void> {
  for (const file of await autoVarFiles(folder)) {
    for (const [name, value] of Object.entries(await readVarFile(file, 'auto var file'))) {
      const v = t.variables[name];
      if (!v) continue; // undeclared: Packer ignores it (with a warning at validate)
      t.variables[name] = { ...v, default: asLiteral(value), required: false };
      warnings.push(`variable "${name}" is set in ${basename(file)}, which Packer JSON does not read: its value is written as the default`);
    }
  }
}
