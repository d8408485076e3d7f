// galaxy_file: ansible-galaxy installs roles (and collections) here before the playbook runs.
import { readFileSync } from 'node:fs';
import type { ProvisionContext } from '../../../core/components.js';
import { CommandNotFound, runLocal } from '../../../ansible/run-local.js';
import { GALAXY_OFFLINE_ADVICE, galaxyUnreachable } from '../../../ansible/galaxy-output.js';
import type { AnsibleConfig } from './index.js';

export async function runGalaxy(c: AnsibleConfig, ctx: ProvisionContext, galaxyFile: string): Promise<void> {
  const text = readFileSync(galaxyFile, 'utf8');
  const hasRoles = /^roles:/m.test(text);
  const hasCollections = /^collections:/m.test(text);
  const force = c.galaxy_force_install ? ['-f'] : [];
  const runs: string[][] = [];
  // A v1 file (a bare list) holds roles; a v2 file says roles: and/or collections:.
  if (hasRoles || !hasCollections) runs.push(['install', '-r', galaxyFile, ...force, ...(c.roles_path ? ['-p', c.roles_path] : [])]);
  if (hasCollections) runs.push(['collection', 'install', '-r', galaxyFile, ...force, ...(c.collections_path ? ['-p', c.collections_path] : [])]);
  for (const args of runs) {
    ctx.ui.message('Executing Ansible Galaxy');
    const lines: string[] = [];
    let result;
    try {
      result = await runLocal({
        command: c.galaxy_command,
        args,
        env: process.env,
        signal: ctx.signal,
        onLine: (line) => {
          lines.push(line);
          ctx.ui.message(line);
        },
      });
    } catch (err) {
      if (err instanceof CommandNotFound) throw new Error(`Error executing Ansible Galaxy: ${err.message}: install Ansible or set galaxy_command`);
      throw err;
    }
    if (result.code !== 0) {
      const why = galaxyUnreachable(lines)
        ? GALAXY_OFFLINE_ADVICE
        : `${c.galaxy_command} exited with status ${result.code ?? result.signal}: see its output above`;
      throw new Error(`Error executing Ansible Galaxy (${galaxyFile}): ${why}`);
    }
  }
}
