// .pkrvars.hcl files: name = value, where values are constants (no variables, no functions of the run).
import { TemplateErrors, type Problem } from '../../errors.js';
import { parseHclText } from './parse.js';
import { evaluateDeep } from './values.js';

export async function readVarFileHcl(file: string, text: string): Promise<Record<string, unknown>> {
  const body = await parseHclText(file, text);
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    out[k] = evaluateDeep(v, {}, { field: k, pos: { file } }, problems);
  }
  if (problems.length) throw new TemplateErrors(problems);
  return out;
}
