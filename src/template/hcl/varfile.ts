// .pkrvars.hcl files: name = value, where values are constants (no variables, no functions of the run).
import { TemplateErrors, type Problem } from '../../errors.js';
import { parseHclText } from './parse.js';
import { scanHcl } from './scan.js';
import { evaluateDeep } from './values.js';

export async function readVarFileHcl(file: string, text: string): Promise<Record<string, unknown>> {
  const body = await parseHclText(file, text);
  const problems: Problem[] = [];
  // A common mistake: declaring variables in a values file (Packer refuses it too).
  for (const block of scanHcl(text).filter((b) => b.type === 'variable')) {
    const name = block.labels[0] ?? 'NAME';
    problems.push({
      message: `variable declaration in a .pkrvars file: declare variable "${name}" in a .pkr.hcl file, and set its value here with ${name} = <value>`,
      pos: { file, line: block.line, column: block.column },
    });
  }
  if (problems.length) throw new TemplateErrors(problems);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    out[k] = evaluateDeep(v, {}, { field: k, pos: { file } }, problems, {});
  }
  if (problems.length) throw new TemplateErrors(problems);
  return out;
}
