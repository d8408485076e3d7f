// `pack validate`: silent and exit 0 when the template is valid (as Packer); every problem at once otherwise.
// Keep this free of UI imports: it must start fast.
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError } from '../errors.js';
import { processSecrets } from '../core/redact.js';
import { prepareTemplate, loadTemplate, parseVarFlag } from '../template/index.js';

const FLAGS = {
  'syntax-only': { type: 'boolean', multiple: false, description: 'Only check the syntax; do not check variables or components' },
  var: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a template variable' },
  'var-file': { type: 'string', multiple: true, value: 'FILE', description: 'Read variables from a JSON, YAML or .pkrvars.hcl file' },
  only: { type: 'string', multiple: true, value: 'NAMES', description: 'Validate only these builds (comma list, globs)' },
  except: { type: 'string', multiple: true, value: 'NAMES', description: 'Validate every build but these (comma list, globs)' },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack validate [flags] TEMPLATE

  Checks that a template (.yaml, Packer .json, .pkr.hcl file or folder) is valid.
  Prints nothing and exits 0 when it is; otherwise prints every problem and exits 1.
  A folder's *.auto.pkrvars.hcl and *.auto.pkrvars.json are read before -var-file, as Packer does.

${flagsHelp(FLAGS)}`;
}

export function templateArg(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new UserError(`Error: pack ${command} takes exactly one template${positionals.length ? `, got ${positionals.length}` : ''}.\nRun 'pack help ${command}' for usage.`);
  }
  return positionals[0];
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags('validate', argv, FLAGS);
  const path = templateArg('validate', positionals);
  const vars = flags.var.map(parseVarFlag);
  const prepared = await prepareTemplate(path, { vars, varFiles: flags['var-file'], env: process.env }, { syntaxOnly: flags['syntax-only'], only: flags.only, except: flags.except });
  // A template without builds (variables only, `build {}`) is valid, as in Packer; -only/-except leaving none is not.
  const selecting = (flags.only?.length ?? 0) > 0 || (flags.except?.length ?? 0) > 0;
  if (!flags['syntax-only'] && selecting && prepared.template.builds.length === 0) {
    throw new UserError(`Error: -only/-except left no build to validate (builds: ${(await loadTemplate(path)).builds.map((b) => b.name).join(', ')})`);
  }
  for (const w of prepared.warnings) process.stderr.write(processSecrets.redact(`Warning: ${w}`) + '\n');
  if (flags['syntax-only']) process.stdout.write('Syntax-only check passed. Everything looks okay.\n');
  return 0;
}
