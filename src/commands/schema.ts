// `pack schema`: prints the JSON Schema of YAML/JSON templates for editors.
import { parseFlags } from '../cli/args.js';
import { templateJsonSchema } from '../schema/json-schema.js';

export function help(): string {
  return `Usage: pack schema

  Prints the JSON Schema of pack's YAML and Packer JSON templates, built from the
  component registry. Point your editor at it, for example with yaml-language-server:
    # yaml-language-server: $schema=./pack.schema.json`;
}

export async function run(argv: string[]): Promise<number> {
  parseFlags('schema', argv, {});
  process.stdout.write(JSON.stringify(templateJsonSchema(), null, 2) + '\n');
  return 0;
}
