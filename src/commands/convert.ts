// `pack convert FROM -o TO`: a template into another format (YAML, Packer JSON, HCL2), the format
// chosen by the output's name; what `packer hcl2_upgrade` does for JSON -> HCL2, and the other ways.
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError } from '../errors.js';
import { convertTemplate, targetFormat, FORMAT_NAMES } from '../convert/index.js';
import { writeAtomically } from '../init/write.js';
import { templateArg } from './validate.js';

const FLAGS = {
  output: { type: 'string', multiple: false, short: 'o', value: 'FILE', description: 'The file to write: .yaml/.yml, .json or .pkr.hcl' },
  force: { type: 'boolean', multiple: false, description: 'Overwrite the output file if it exists' },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack convert [flags] TEMPLATE -o FILE

  Writes the template (.yaml, Packer .json, .pkr.hcl file or folder) in another format,
  chosen by the output's name: YAML (.yaml), Packer JSON (.json) or HCL2 (.pkr.hcl).
  Variables, sensitive variables, only/except, post-processor chains, and comments
  before variables and components (YAML and HCL2 hold comments; JSON only a top
  "_comment") are kept. JSON -> HCL2 follows packer hcl2_upgrade: {{user \`x\`}} becomes
  var.x, {{timestamp}} a local, and variables that read other variables become locals.
  HCL2 -> JSON refuses what JSON templates cannot say (HCL2 functions, operators, a
  template without builds), naming it; a folder's *.auto.pkrvars values become the
  variables' defaults (JSON templates read no auto var files). The output is never overwritten without -force, and is written atomically.

  Example: pack convert template.json -o template.pkr.hcl

${flagsHelp(FLAGS)}`;
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals, swallowed } = parseFlags('convert', argv, FLAGS);
  const from = templateArg('convert', positionals, swallowed);
  const out = flags.output;
  if (!out) throw new UserError("Error: give the file to write with -o, e.g. pack convert template.json -o template.pkr.hcl\nRun 'pack help convert' for usage.");
  const result = await convertTemplate(from, targetFormat(out));
  for (const w of result.warnings) process.stderr.write(`Warning: ${w}\n`);
  writeAtomically(out, result.text, flags.force === true, 'pack convert');
  process.stdout.write(`Wrote ${out} (${FORMAT_NAMES[result.from]} -> ${FORMAT_NAMES[result.to]})\n`);
  return 0;
}
