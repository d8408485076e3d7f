// Variable values from outside the template: PKR_VAR_name, -var-file (JSON, YAML, .pkrvars.hcl), -var k=v.
import { UserError, TemplateErrors } from '../errors.js';
import type { VariableInputs } from './model.js';
import { readTemplateText } from './load.js';

/** One given value: where it came from, and whether it is text to convert (CLI, env) or a typed value (files). */
export interface GivenValue {
  name: string;
  value: unknown;
  /** -var and PKR_VAR_ values are strings to convert to the variable's type. */
  raw: boolean;
  source: string;
}

/** Splits "-var k=v" values; a value without "=" is the user's mistake. */
export function parseVarFlag(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`Error: invalid -var "${text}": expected NAME=VALUE, for example -var 'region=eu-west-1'`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** A variables file (JSON, YAML or .pkrvars.hcl) as name: value; `what` names it in errors. */
export async function readVarFile(file: string, what: string): Promise<Record<string, unknown>> {
  // Its errors name it: does not exist, a folder, a symbolic link loop, a FIFO.
  const text = await readTemplateText(file, what).catch((e: unknown) => {
    if (e instanceof TemplateErrors) return '';
    throw e;
  });
  if (text === '') return {};
  let values: unknown;
  if (/\.hcl$/.test(file)) {
    const { readVarFileHcl } = await import('./hcl/index.js');
    values = await readVarFileHcl(file, text);
  } else {
    const { parseDataText } = await import('./load-data.js');
    values = await parseDataText(text, file, /\.json$/.test(file) || /^\s*\{/.test(text) ? 'json' : 'yaml');
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new TemplateErrors([{ message: 'a variables file must hold an object of name: value', pos: { file } }]);
  }
  return values as Record<string, unknown>;
}

/** In precedence order, lowest first: env < var files (in order) < -var (in order). Later wins. */
export async function collectInputs(inputs: VariableInputs): Promise<GivenValue[]> {
  const out: GivenValue[] = [];
  for (const [k, v] of Object.entries(inputs.env)) {
    if (k.startsWith('PKR_VAR_') && v !== undefined && k.length > 8) out.push({ name: k.slice(8), value: v, raw: true, source: `environment variable ${k}` });
  }
  for (const file of inputs.varFiles) {
    for (const [k, v] of Object.entries(await readVarFile(file, '-var-file'))) out.push({ name: k, value: v, raw: false, source: `-var-file ${file}` });
  }
  for (const [k, v] of inputs.vars) out.push({ name: k, value: v, raw: true, source: `-var ${k}` });
  return out;
}
