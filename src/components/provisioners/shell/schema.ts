import { existsSync, statSync } from 'node:fs';
import type { ComponentSchema } from '../../../schema/types.js';
import { resolveLocalPath } from '../../../template/local-path.js';

export const DEFAULT_EXECUTE_COMMAND = 'chmod +x {{.Path}}; {{.Vars}} {{.Path}}';

/** Packer's names for shell (1.6.6); `env` is Packer 1.7's map form, which pack accepts too. */
export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'shell',
  description: 'Runs shell commands or scripts on the machine over the communicator',
  fields: {
    inline: { type: 'string|string[]', description: 'Commands to run, one per line of a generated script', example: 'apt-get update' },
    script: { type: 'string', description: 'Local script file to upload and run', example: 'scripts/setup.sh' },
    scripts: { type: 'string|string[]', description: 'Local script files to upload and run, in order' },
    environment_vars: { type: 'string|string[]', description: 'KEY=value pairs set for the scripts', example: 'DEBIAN_FRONTEND=noninteractive' },
    env: { type: 'map', description: 'Environment variables as a map (merged with environment_vars)', advanced: true },
    execute_command: {
      type: 'string',
      description: 'How a script is run; {{.Vars}} is the variables, {{.Path}} the remote script',
      default: DEFAULT_EXECUTE_COMMAND,
      advanced: true,
    },
    inline_shebang: { type: 'string', description: 'Shebang of the script made from inline', default: '/bin/sh -e', advanced: true },
    remote_folder: { type: 'string', description: 'Remote folder the script is uploaded to', default: '/tmp', advanced: true },
    remote_file: { type: 'string', description: 'Remote file name of the script (default script_NNNN.sh)', advanced: true },
    remote_path: { type: 'string', description: 'Full remote path of the script (remote_folder/remote_file)', advanced: true },
    skip_clean: { type: 'boolean', description: 'Leave the script on the machine after it ran', default: false, advanced: true },
    expect_disconnect: {
      type: 'boolean',
      description: 'A dropped connection (a reboot) is not an error',
      default: false,
      advanced: true,
    },
    valid_exit_codes: { type: 'number[]', description: 'Exit codes that count as success', default: [0], advanced: true },
    start_retry_timeout: {
      type: 'duration',
      description: 'How long to retry starting a script while the machine is unreachable (after a reboot)',
      default: '5m',
      advanced: true,
    },
    binary: { type: 'boolean', description: 'Upload the script as is (no line-ending conversion)', default: false, advanced: true },
    env_var_format: { type: 'string', description: "printf format of one variable in {{.Vars}}", default: "%s='%s' ", advanced: true },
    use_env_var_file: {
      type: 'boolean',
      description: 'Put the variables in a file that is sourced, instead of on the command line',
      default: false,
      advanced: true,
    },
    pause_after: { type: 'duration', description: 'Wait this long after the scripts ran', default: '0s', advanced: true },
  },
  check(config, ctx) {
    const errs: string[] = [];
    const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
    const inline = list(config.inline);
    const scripts = list(config.scripts);
    const hasScript = typeof config.script === 'string' && config.script !== '';
    if (hasScript && scripts.length > 0) errs.push('Only one of script or scripts can be specified.');
    if (inline.length > 0 && (hasScript || scripts.length > 0)) {
      errs.push('Only a script file or an inline script can be specified, not both.');
    }
    if (inline.length === 0 && !hasScript && scripts.length === 0) {
      errs.push('Either a script file or inline script must be specified.');
    }
    for (const s of hasScript ? [config.script as string, ...scripts] : scripts) {
      const full = resolveLocalPath(s, ctx.templateDir);
      if (!existsSync(full)) errs.push(`Bad script '${s}': no such file`);
      else if (!statSync(full).isFile()) errs.push(`Bad script '${s}': it is a directory, not a file`);
    }
    for (const kv of list(config.environment_vars)) {
      const eq = kv.indexOf('=');
      if (eq <= 0) errs.push(`Environment variable not in format 'key=value': ${kv}`);
    }
    return errs;
  },
};
