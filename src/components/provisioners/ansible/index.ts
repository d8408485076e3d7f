// The ansible provisioner: ansible-playbook runs here against the build's machine, straight over
// SSH when the communicator is ssh, otherwise (or with use_proxy) through pack's SSH adapter.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { ProvisionContext, ProvisionerFactory } from '../../../core/components.js';
import { adapterKeys } from '../../../ansible/adapter/keys.js';
import { startAdapter, type Adapter } from '../../../ansible/adapter/server.js';
import { stripAnsi } from '../../../ansible/ansi.js';
import { PlaybookOutput, describeExit } from '../../../ansible/playbook-output.js';
import { CommandNotFound, runLocal } from '../../../ansible/run-local.js';
import { resolveLocalPath } from '../../../template/local-path.js';
import { ansibleArgs, ansibleEnv, runtimeData, type Target } from './command.js';
import { writeInventory } from './inventory.js';
import { runGalaxy } from './galaxy.js';

export interface AnsibleConfig {
  playbook_file: string;
  command: string;
  extra_arguments?: string[];
  ansible_env_vars?: string[];
  groups?: string[];
  empty_groups?: string[];
  host_alias: string;
  user?: string;
  inventory_file?: string;
  inventory_directory?: string;
  inventory_file_template?: string;
  keep_inventory_file?: boolean;
  galaxy_file?: string;
  galaxy_command: string;
  galaxy_force_install?: boolean;
  roles_path?: string;
  collections_path?: string;
  use_proxy?: boolean;
  local_port?: number;
  ssh_host_key_file?: string;
  ssh_authorized_key_file?: string;
  sftp_command?: string;
  skip_version_check?: boolean;
  use_sftp?: boolean;
  ansible_ssh_extra_args?: string[];
}

export const provisioner: ProvisionerFactory = {
  summary: (config) => (typeof config.playbook_file === 'string' ? `playbook ${config.playbook_file}` : ''),
  create: (config) => ({ provision: (ctx) => provisionAnsible(config as unknown as AnsibleConfig, ctx) }),
};

async function provisionAnsible(c: AnsibleConfig, ctx: ProvisionContext): Promise<void> {
  ctx.ui.say('Provisioning with Ansible...');
  const conn = ctx.conn;
  // Everything pack writes for this run (keys, inventory) lives here, and goes at the end.
  const dir = mkdtempSync(join(tmpdir(), 'pack-ansible-'));
  let adapter: Adapter | undefined;
  try {
    const direct = c.use_proxy !== true && conn.type === 'ssh' && !!conn.host && (!!conn.privateKey || !!conn.privateKeyFile || conn.password === undefined);
    if (c.use_proxy === false && !direct) {
      ctx.ui.error(
        conn.type === 'ssh'
          ? 'Warning: use_proxy is false, but ansible has no key to log in with (a password needs sshpass); using the adapter.'
          : `Warning: use_proxy is false, but the ${conn.type} communicator cannot be reached over SSH; using the adapter.`,
      );
    }
    let target: Target;
    if (direct) {
      ctx.ui.message('Not using Proxy adapter for Ansible run:\n\tUsing ssh keys from Packer communicator...');
      let keyFile = conn.privateKeyFile;
      if (!keyFile && conn.privateKey) {
        keyFile = join(dir, 'communicator-key');
        writeFileSync(keyFile, conn.privateKey.replace(/\n?$/, '\n'), { mode: 0o600 });
      }
      target = { host: conn.host!, port: conn.port ?? 22, user: c.user || conn.user || userInfo().username, keyFile, adapter: false };
    } else {
      if (!ctx.comm) {
        throw new Error('the ansible provisioner needs a machine to reach: with communicator "none" there is none (use shell-local to run ansible yourself)');
      }
      ctx.ui.message('Setting up proxy adapter for Ansible....');
      const keys = adapterKeys(dir, local(c.ssh_host_key_file, ctx), local(c.ssh_authorized_key_file, ctx));
      const user = c.user || userInfo().username;
      adapter = await startAdapter({
        comm: ctx.comm,
        keys,
        user,
        localPort: c.local_port,
        sftpCommand: c.sftp_command || undefined,
        signal: ctx.signal,
        onProblem: (m) => ctx.ui.error(m),
      });
      target = { host: '127.0.0.1', port: adapter.port, user, keyFile: keys.clientKeyFile, adapter: true };
    }

    // An inline host list ("127.0.0.1,") goes to ansible as it is.
    const inventory = c.inventory_file
      ? c.inventory_file.includes(',') ? c.inventory_file : resolveLocalPath(c.inventory_file, ctx.templateDir)
      : writeInventory(c, target, ctx, c.inventory_directory ? local(c.inventory_directory, ctx)! : c.keep_inventory_file ? tmpdir() : dir);
    if (!c.inventory_file && c.keep_inventory_file) ctx.ui.message(`Keeping the inventory file (keep_inventory_file): ${inventory}`);
    try {
      if (c.galaxy_file) await runGalaxy(c, ctx, local(c.galaxy_file, ctx)!);
      const playbook = resolve(resolveLocalPath(c.playbook_file, ctx.templateDir));
      const args = ansibleArgs(c, ctx, conn, target, inventory, playbook);
      const env = ansibleEnv(c, ctx, runtimeData(ctx, conn, target));
      // Packer passes such an entry on, where it sets nothing; say so rather than let it look like it worked.
      for (const kv of c.ansible_env_vars ?? []) {
        if (!(kv.indexOf('=') > 0)) ctx.ui.error(`Warning: ansible_env_vars: "${kv}" is not NAME=value, so it sets nothing`);
      }
      const output = new PlaybookOutput();
      ctx.ui.say(`Executing Ansible: ${[c.command, ...args].join(' ')}`);
      let result;
      try {
        result = await runLocal({
          command: c.command,
          args,
          env,
          signal: ctx.signal,
          onLine: (raw) => {
            const line = stripAnsi(raw);
            output.feed(line);
            ctx.ui.message(line);
          },
        });
      } catch (err) {
        if (err instanceof CommandNotFound) {
          throw new Error(`Error executing Ansible: ${err.message}: install Ansible (Debian: apt-get install ansible) or set command to its path`);
        }
        throw err;
      }
      if (ctx.signal.aborted) throw new Error('Ansible was cancelled');
      if (result.code !== 0) throw new Error(`Error executing Ansible: ${describeExit(result.code, result.signal, output, c.command)}`);
    } finally {
      if (!c.inventory_file && c.keep_inventory_file !== true) rmSync(inventory, { force: true });
    }
  } finally {
    await adapter?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function local(path: string | undefined, ctx: ProvisionContext): string | undefined {
  return path ? resolveLocalPath(path, ctx.templateDir) : undefined;
}
