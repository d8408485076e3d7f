// `pack schema`: prints the JSON Schema of YAML/JSON templates for editors.
import { parseFlags } from '../cli/args.js';
import { UserError } from '../errors.js';
import { templateJsonSchema } from '../schema/json-schema.js';

export function help(): string {
  return `Usage: pack schema

  Prints the JSON Schema of pack's YAML and Packer JSON templates, built from the
  component registry. Point your editor at it, for example with yaml-language-server:
    # yaml-language-server: $schema=./pack.schema.json`;
}

export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseFlags('schema', argv, {});
  // `pack schema out.json` would print to the terminal and leave no file: say how to write one.
  if (positionals.length > 0) {
    throw new UserError(`Error: pack schema takes no arguments (got "${positionals[0]}"); to save it: pack schema > pack.schema.json\nRun 'pack help schema' for usage.`);
  }
  process.stdout.write(JSON.stringify(templateJsonSchema(), null, 2) + '\n');
  return 0;
}
