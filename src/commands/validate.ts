// `pack validate`: silent and exit 0 when the template is valid (as Packer); every problem at once otherwise.
// Keep this free of UI imports: it must start fast.
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError } from '../errors.js';
import { processSecrets } from '../core/redact.js';
import { prepareTemplate, loadTemplate, parseVarFlag, selectBuilds } from '../template/index.js';
import { TemplateErrors, type Problem } from '../errors.js';
// Static: template/select.ts loads it anyway, and a dynamic import would cost a module of its own.
import { ENGINES, componentsPackLacks, runsThroughPacker, type Engine } from '../packer-engine/needs-packer.js';
import { isPackerComponent } from '../template/packer-names.js';
import { formatBuildWarnings } from '../template/build-warnings.js';

const FLAGS = {
  'syntax-only': { type: 'boolean', multiple: false, description: 'Only check the syntax; do not check variables or components' },
  var: { type: 'string', multiple: true, value: 'NAME=VALUE', description: 'Set a template variable' },
  'var-file': { type: 'string', multiple: true, value: 'FILE', description: 'Read variables from a JSON, YAML or .pkrvars.hcl file' },
  only: { type: 'string', multiple: true, value: 'NAMES', description: 'Validate only these builds (comma list, globs)' },
  except: { type: 'string', multiple: true, value: 'NAMES', description: 'Validate every build but these (comma list, globs)' },
  engine: { type: 'string', multiple: false, value: 'ENGINE', description: 'auto (default), pack or packer: which builds pack checks itself and which it asks `packer validate` about' },
  packer: { type: 'string', multiple: false, value: 'PATH', description: 'The Packer to ask (default: $PACKER_BIN, then packer on PATH)' },
  init: { type: 'boolean', multiple: false, description: 'Run `packer init` when Packer lacks plugins the template requires' },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack validate [flags] TEMPLATE

  Checks that a template (.yaml, Packer .json, .pkr.hcl file or folder) is valid.
  Prints nothing and exits 0 when it is; otherwise prints every problem and exits 1.
  A folder's *.auto.pkrvars.hcl and *.auto.pkrvars.json are read before -var-file, as Packer does.
  Builds that run through Packer (components pack does not implement) are checked by
  \`packer validate\`; its problems are listed with pack's own.

${flagsHelp(FLAGS)}`;
}

export function templateArg(command: string, positionals: string[], swallowed = ''): string {
  if (positionals.length !== 1) {
    throw new UserError(`Error: pack ${command} takes exactly one template${positionals.length ? `, got ${positionals.length}` : swallowed}.\nRun 'pack help ${command}' for usage.`);
  }
  return positionals[0];
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals, swallowed } = parseFlags('validate', argv, FLAGS);
  const path = templateArg('validate', positionals, swallowed);
  const inputs = { vars: flags.var.map(parseVarFlag), varFiles: flags['var-file'], env: process.env };
  if (flags['syntax-only']) {
    await prepareTemplate(path, inputs, { syntaxOnly: true });
    process.stdout.write('Syntax-only check passed. Everything looks okay.\n');
    return 0;
  }
  const engine = (flags.engine ?? 'auto') as Engine;
  if (!ENGINES.includes(engine)) throw new UserError(`flag -engine: "${flags.engine}" is not one of ${ENGINES.join(', ')}`);
  const { template, builds, warnings, buildWarnings, problems } = await packChecks(path, inputs, { only: flags.only, except: flags.except, engine, checkHere: true });
  // A template without builds (variables only, `build {}`) is valid, as in Packer. -only/-except leaving none is
  // valid too (Packer 1.6.6 exits 0, silent): pack says so on stderr, so a misspelt name is not mistaken for a pass.
  const selecting = (flags.only?.length ?? 0) > 0 || (flags.except?.length ?? 0) > 0;
  if (selecting && builds.length === 0 && problems.length === 0) {
    // The prepared template holds the selected builds only: name all of the template's.
    const all = (await loadTemplate(path)).builds.map((b) => b.name);
    warnings.push(`-only/-except left no build to validate (builds: ${all.join(', ')})`);
  }
  // Packer checks the builds it will run; its problems join pack's in one list. A build with a type neither knows
  // (a typo) already has pack's "did you mean": Packer would only repeat its template-level problems.
  const viaPacker = builds.filter(
    (b) => runsThroughPacker(b, engine) && (engine === 'packer' || componentsPackLacks(b).every((c) => isPackerComponent(c.kind, c.type))),
  );
  let packerWarnings = '';
  if (viaPacker.length > 0) {
    const { packerValidate } = await import('../packer-engine/validate.js');
    const verdict = await packerValidate(template, viaPacker, { ...inputs, engine, packerFlag: flags.packer, templatePath: path, init: flags.init === true });
    problems.push(...verdict.problems);
    packerWarnings = verdict.warnings;
  }
  if (problems.length > 0) throw new TemplateErrors(problems);
  for (const w of warnings) process.stderr.write(processSecrets.redact(`Warning: ${w}`) + '\n');
  // The components' warnings, in Packer's words and place (stdout, as its ui.Say), then those of the builds
  // Packer checked, as it printed them: one list, ending with the one blank line Packer's list ends with.
  const ours = formatBuildWarnings(template.format, buildWarnings);
  process.stdout.write(processSecrets.redact(ours && packerWarnings ? ours.slice(0, -1) + packerWarnings : ours || packerWarnings));
  return 0;
}

/** pack's own checks; a template with problems still gives its (unprepared) builds, for Packer to check too. */
async function packChecks(path: string, inputs: Parameters<typeof prepareTemplate>[1], opts: { only: string[]; except: string[]; engine: Engine; checkHere: boolean }) {
  try {
    const prepared = await prepareTemplate(path, inputs, opts);
    return { template: prepared.template, builds: prepared.template.builds, warnings: prepared.warnings, buildWarnings: prepared.buildWarnings, problems: [] as Problem[] };
  } catch (err) {
    if (!(err instanceof TemplateErrors)) throw err;
    const template = await loadTemplate(path).catch(() => undefined);
    if (!template) throw err;
    return { template, builds: selectBuilds(template.builds, opts.only, opts.except), warnings: [] as string[], buildWarnings: [], problems: [...err.problems] };
  }
}
