// galaxy_file: ansible-galaxy installs roles (and collections) here before the playbook runs.
import { readFileSync } from 'node:fs';
import type { ProvisionContext } from '../../../core/components.js';
import { CommandNotFound, runLocal } from '../../../ansible/run-local.js';
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
      const offline = lines.some((l) => /Failed to (get data from|connect)|Name or service not known|Temporary failure in name resolution|urlopen error|Connection refused|Network is unreachable/i.test(l));
      const why = offline
        ? 'Ansible Galaxy could not be reached (is this machine offline?); install the roles beforehand and point roles_path at them, or drop galaxy_file'
        : `${c.galaxy_command} exited with status ${result.code ?? result.signal}: see its output above`;
      throw new Error(`Error executing Ansible Galaxy (${galaxyFile}): ${why}`);
    }
  }
}
