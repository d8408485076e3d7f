// The `pack` entry point. Kept small: it loads a command's module only when that command runs.
import { COMMANDS } from './commands.js';
import { VERSION } from '../version.js';
import { guardStdout } from './stdout.js';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  return [
    'Usage: pack [--version] [--help] <command> [args]',
    '',
    'Available commands are:',
    ...COMMANDS.map((c) => `    ${c.name.padEnd(width)}${c.synopsis}`),
    '',
    "Run 'pack help COMMAND' for a command's flags. Packer's single-dash flags (-var, -only=x) work too.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '-help' || first === '--help') {
    process.stdout.write(usage() + '\n');
    return first === undefined ? 1 : 0;
  }
  if (first === '-v' || first === '-version' || first === '--version') {
    process.stdout.write(`pack v${VERSION}\n`);
    return 0;
  }
  if (first === 'help') {
    const name = rest[0];
    if (!name) {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    const entry = COMMANDS.find((c) => c.name === name);
    if (!entry) return unknownCommand(name);
    process.stdout.write((await entry.load()).help() + '\n');
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) return unknownCommand(first);
  if (rest.includes('-h') || rest.includes('-help') || rest.includes('--help')) {
    process.stdout.write((await entry.load()).help() + '\n');
    return 0;
  }
  const mod = await entry.load();
  return mod.run(rest);
}

// Packer commands pack has under another name, or not at all: say what to run instead.
const PACKER_COMMANDS: Record<string, string> = {
  hcl2_upgrade: 'pack convert TEMPLATE.json -o TEMPLATE.pkr.hcl does what packer hcl2_upgrade does',
  fix: 'pack has no "fix": it reads Packer 1.6.6 templates as they are (pack convert rewrites one in another format)',
  console: 'pack has no "console": pack inspect shows the variables and their values',
};

async function unknownCommand(name: string): Promise<number> {
  const hint = PACKER_COMMANDS[name];
  let near: string | undefined;
  if (!hint) {
    // Loaded here only: a typo is the one path that needs it (CommonJS: through require).
    const { lazy } = await import('../util/lazy-require.js');
    const { closest, distance } = lazy<typeof import('fastest-levenshtein')>('fastest-levenshtein')();
    const names = COMMANDS.map((c) => c.name);
    const best = closest(name, names);
    near = distance(name, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
  }
  process.stderr.write(
    `pack: unknown command "${name}".${hint ? ` ${hint}.` : near ? ` Did you mean "${near}"?` : ''}\nRun 'pack --help' for the commands.\n`,
  );
  return 1;
}

// A reader that closes early (`pack build ... | head`) must not crash us with EPIPE.
guardStdout();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    const { reportError } = await import('./report-error.js');
    process.exitCode = reportError(err);
  },
);
