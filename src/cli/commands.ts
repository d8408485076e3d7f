// The command table. Kept free of imports so that `pack version` and `pack --help`
// load nothing else; each command's module is imported only when it runs.

export interface CommandModule {
  /** Returns the exit code. */
  run(argv: string[]): Promise<number>;
  /** Full help text for `pack help COMMAND`. */
  help(): string;
}

export interface CommandEntry {
  name: string;
  synopsis: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'build', synopsis: 'Build images from a template', load: () => import('../commands/build.js') },
  { name: 'init', synopsis: 'Write a new template with a guided wizard', load: () => import('../commands/init.js') },
  { name: 'validate', synopsis: 'Check that a template is valid', load: () => import('../commands/validate.js') },
  { name: 'inspect', synopsis: 'Show the components of a template', load: () => import('../commands/inspect.js') },
  { name: 'fmt', synopsis: 'Rewrite templates in the canonical format', load: () => import('../commands/fmt.js') },
  { name: 'convert', synopsis: 'Convert a template between YAML, Packer JSON and HCL2', load: () => import('../commands/convert.js') },
  { name: 'cache', synopsis: 'List, remove or prune the build cache of pack build -cache', load: () => import('../commands/cache.js') },
  { name: 'schema', synopsis: 'Print the JSON Schema of templates for editors', load: () => import('../commands/schema.js') },
  { name: 'version', synopsis: 'Print the pack version', load: () => import('../commands/version.js') },
];
