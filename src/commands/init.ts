// `pack init`: the wizard on a terminal, flags mode otherwise (--yes, no TTY, or CI set).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseFlags, flagsHelp, type FlagSpecs } from '../cli/args.js';
import { UserError } from '../errors.js';
import { SET_KEYS_HELP } from '../init/set-keys.js';
// Both small and free of ink/react/yaml: the first screen is painted from them before anything heavy loads.
import { findStarter, listStarters } from '../init/starter-list.js';
import { prepaintStart } from '../ui/wizard/prepaint.js';
import { canRedraw } from '../ui/terminal/redraw.js';

const FLAGS = {
  o: { type: 'string', multiple: false, value: 'FILE', description: 'File to write (default template.yaml); .json writes Packer JSON, .pkr.hcl HCL2' },
  from: { type: 'string', multiple: false, value: 'STARTER', description: 'Start from a starter template in templates/ (e.g. local-shell)' },
  builder: { type: 'string', multiple: true, value: 'TYPE', description: 'A builder to use' },
  communicator: { type: 'string', multiple: false, value: 'TYPE', description: "The builders' communicator (default: the builder's first that needs no answers)" },
  provisioner: { type: 'string', multiple: true, value: 'TYPE', description: 'A provisioner to add, in order' },
  'post-processor': { type: 'string', multiple: true, value: 'TYPE', description: 'A post-processor to add, in order' },
  set: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'A field value (keys below)' },
  yes: { type: 'boolean', multiple: false, short: 'y', description: 'Ask nothing: write from the flags and defaults' },
  force: { type: 'boolean', multiple: false, description: 'Overwrite the file if it exists (flags mode)' },
  'secrets-file': {
    type: 'boolean',
    multiple: false,
    description: 'Write the values of sensitive variables to FILE.secrets.json (mode 0600) beside the template; never into it (flags mode)',
  },
} satisfies FlagSpecs;

export function help(): string {
  return `Usage: pack init [flags]

  Writes a new template. On a terminal, a wizard asks the questions (from the components' schemas);
  with --yes, without a terminal, or with CI set, the flags and the schemas' defaults give the answers,
  and pack init fails, listing the --set keys to give, when a required value is missing.
  The wizard ends by offering to build or validate the template at once (it runs pack build/validate
  in the same terminal once the wizard has closed).
  Sensitive values are never written into the template: pack build asks for them (or -var, PKR_VAR_NAME); the
  wizard's last screen, or --secrets-file, saves them to NAME.secrets.json with mode 0600 when asked.
  Wizard keys: ↑↓ or j/k move, Enter confirms (or edits a field), Space toggles, Tab/Shift-Tab next/previous
  field, Esc goes back keeping the answers, ? explains the focused item, Ctrl-C leaves and writes nothing.

${flagsHelp(FLAGS)}

${SET_KEYS_HELP}

Example:
  pack init --yes --builder null --communicator none --provisioner shell-local \\
    --set provisioner.0.inline='echo hello' --post-processor manifest -o t.yaml`;
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags('init', argv, FLAGS);
  if (positionals.length > 0) {
    throw new UserError(`pack init takes no arguments (got "${positionals[0]}"): give the file with -o FILE.\nRun 'pack help init' for usage.`);
  }
  if (flags.o !== undefined) checkOutputPath(flags.o);
  // A terminal that cannot redraw (TERM=dumb, no size) would show the wizard as junk: flags mode, as without one.
  const interactive = !flags.yes && process.stdin.isTTY === true && process.stdout.isTTY === true && !process.env.CI && canRedraw();
  // Ink and React take a while to load: paint the first screen now, and load them meanwhile.
  let prepainted = 0;
  let ui: Promise<typeof import('../ui/wizard/run.js')> | undefined;
  if (interactive) {
    if (flags.from) findStarter(flags.from);
    ui = import('../ui/wizard/run.js');
    prepainted = prepaintStart(process.stdout, listStarters());
    // For bench/wizard-start.mjs: milliseconds since the process started.
    if (process.env.PACK_WIZARD_FIRST_FRAME) process.stderr.write(`prepaint ${performance.now().toFixed(1)}\n`);
  }
  const { registryCatalog } = await import('../init/catalog.js');
  const catalog = registryCatalog();
  const { writtenLine } = await import('../init/written.js');
  if (!ui) {
    const { runFlagsMode } = await import('../init/flags-mode.js');
    const written = await runFlagsMode({
      output: flags.o ?? 'template.yaml',
      from: flags.from,
      builders: flags.builder,
      communicator: flags.communicator,
      provisioners: flags.provisioner,
      postProcessors: flags['post-processor'],
      sets: flags.set,
      force: flags.force === true,
      secretsFile: flags['secrets-file'] === true,
    }, catalog);
    process.stdout.write(writtenLine(written.path, written.secrets, process.cwd(), written.secretNames));
    return 0;
  }
  // Only here: ink and react stay out of flags mode and of every other command.
  const { runWizard } = await ui;
  const result = await runWizard({ catalog, output: flags.o, from: flags.from, prepainted });
  if (!result.written) {
    process.stdout.write('Nothing written.\n');
    return result.cancelled ? 130 : 0;
  }
  process.stdout.write(writtenLine(result.written, result.secrets, process.cwd(), result.secretNames));
  if (result.next === 'build' || result.next === 'validate') {
    // The Ink app has unmounted and restored the terminal; the child gets it as it is. Ctrl-C reaches the
    // child too: this process waits for it (and its cleanup) instead of dying first.
    process.on('SIGINT', () => {});
    const shown = flags.o ?? relative(process.cwd(), result.written);
    const varFile = result.secrets ? [`-var-file=${result.secrets}`] : [];
    process.stdout.write(`$ pack ${result.next}${varFile.length ? ` -var-file=${relative(process.cwd(), result.secrets!)}` : ''} ${shown}\n`);
    const child = spawnSync(process.execPath, [process.argv[1], result.next, ...varFile, result.written], { stdio: 'inherit' });
    // pack validate says nothing when all is well, as Packer does.
    if (result.next === 'validate' && child.status === 0) process.stdout.write('The template is valid.\n');
    return child.status ?? 1;
  }
  return 0;
}

/** -o must name a file in a folder that exists: say so before any question is asked. */
function checkOutputPath(path: string): void {
  const st = statSync(path, { throwIfNoEntry: false });
  if (st?.isDirectory()) {
    throw new UserError(`pack init: -o ${path} is a folder: give a file name, e.g. -o ${join(path, 'template.yaml')}`);
  }
  const dir = dirname(resolve(path));
  const parent = statSync(dir, { throwIfNoEntry: false });
  if (!parent) throw new UserError(`pack init: the folder ${dirname(path)} (for -o ${path}) does not exist: create it first (mkdir -p ${dirname(path)}) or choose another -o`);
  if (!parent.isDirectory()) throw new UserError(`pack init: ${dirname(path)} (for -o ${path}) is not a folder`);
}
