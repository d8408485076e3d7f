// Fields shared by the shell-local provisioner and the shell-local post-processor (Packer 1.6.6 names).
import type { ConfigOf, FieldSpec } from '../../../schema/types.js';

export const shellLocalFields = {
  inline: { type: 'string[]', description: 'Commands to run, written to a temporary script', example: 'echo hello' },
  script: { type: 'string', description: 'Path of a local script to run', path: 'file' },
  scripts: { type: 'string[]', description: 'Paths of local scripts to run, in order' },
  command: { type: 'string', description: 'A single command to run (deprecated: use inline)', advanced: true },
  environment_vars: { type: 'string[]', description: 'KEY=VALUE pairs set for the scripts', example: 'FOO=bar' },
  env: { type: 'map', description: 'Environment variables for the scripts, as a map (newer Packer)', advanced: true },
  env_var_format: {
    type: 'string',
    description: 'How each variable is written into {{.Vars}} (default "%s=\'%s\' ")',
    advanced: true,
  },
  execute_command: {
    type: 'string|string[]',
    description: 'Command that runs each script; {{.Vars}} and {{.Script}} are filled in',
    default: ['/bin/sh', '-c', '{{.Vars}} {{.Script}}'],
    advanced: true,
  },
  inline_shebang: {
    type: 'string',
    description: 'Shebang of the script made from inline',
    default: '/bin/sh -e',
    advanced: true,
  },
  use_linux_pathing: {
    type: 'boolean',
    description: 'Windows only: give WSL paths to the execute_command',
    default: false,
    advanced: true,
  },
  valid_exit_codes: { type: 'number[]', description: 'Exit codes that count as success', default: [0], advanced: true },
  tempfile_extension: { type: 'string', description: 'Extension of the temporary script file', advanced: true },
  only_on: { type: 'string[]', description: 'Run only on these operating systems (Go names: linux, darwin, windows...); skipped elsewhere', advanced: true },
} as const satisfies Record<string, FieldSpec>;

/** The decoded config both shell-local components receive (derived from the fields above). */
export type ShellLocalConfig = ConfigOf<typeof shellLocalFields>;

/** Go's GOOS names, what only_on takes. */
export const GO_OS_NAMES = ['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows'];

/** This machine's OS as Go names it (Node says win32 where Go says windows). */
export const goOs = (): string => (process.platform === 'win32' ? 'windows' : process.platform === 'sunos' ? 'solaris' : process.platform);

export function checkShellLocal(config: Record<string, unknown>): string[] {
  const given = ['inline', 'script', 'scripts', 'command'].filter((k) => {
    const v = config[k];
    return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
  });
  if (given.length === 0) return ['one of inline, script, scripts or command must be given'];
  if (given.length > 1) return [`${given.join(', ')}: give only one of inline, script, scripts or command`];
  if (Array.isArray(config.only_on)) {
    for (const os of config.only_on) {
      if (!GO_OS_NAMES.includes(String(os))) return [`only_on: invalid OS "${String(os)}"; supported: ${GO_OS_NAMES.join(', ')}`];
    }
  }
  const vars = config.environment_vars;
  if (Array.isArray(vars)) {
    for (const v of vars) {
      if (typeof v === 'string' && !/^[^=]+=/.test(v)) {
        return [`environment_vars: "${v}" must be of the form KEY=VALUE`];
      }
    }
  }
  return [];
}
