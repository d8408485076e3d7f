// Finds an executable the way a shell does (PATH), so a missing ansible-playbook is named before a build starts.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const runnable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return runnable(command) ? command : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const full = join(dir, command);
    if (runnable(full)) return isAbsolute(full) ? full : join(process.cwd(), full);
  }
  return undefined;
}

/** One message naming the field and what to do, or none. */
export function checkCommandOnPath(command: string, field: string): string[] {
  if (findOnPath(command)) return [];
  if (/\s/.test(command.trim())) {
    return [
      `${field}: "${command}" is not one program: it runs without a shell (as in Packer), so put environment variables in ansible_env_vars ` +
        `and arguments in extra_arguments (or point ${field} at a wrapper script)`,
    ];
  }
  return [
    `${field}: "${command}" was not found on PATH: install Ansible (Debian: apt-get install ansible), ` +
      'set command to its path, or set skip_version_check if the build installs it',
  ];
}
