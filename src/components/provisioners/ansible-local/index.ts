// ansible-local: uploads the playbook (and its roles, vars, inventory, galaxy file) to a staging
// folder on the machine and runs ansible-playbook there, as Packer 1.6.6 does.
import { randomUUID } from 'node:crypto';
import { basename, posix, resolve, sep } from 'node:path';
import type { Communicator, ProvisionContext, ProvisionerFactory } from '../../../core/components.js';
import { stripAnsi } from '../../../ansible/ansi.js';
import { PlaybookOutput, describeExit } from '../../../ansible/playbook-output.js';
import { galaxyUnreachable } from '../../../ansible/galaxy-output.js';
import { shellQuote } from '../../../util/shell-quote.js';
import { resolveLocalPath } from '../../../template/local-path.js';
import { DEFAULT_COMMAND, DEFAULT_STAGING_PARENT } from './schema.js';

interface LocalConfig {
  playbook_file?: string;
  playbook_files?: string[];
  playbook_dir?: string;
  playbook_paths?: string[];
  role_paths?: string[];
  group_vars?: string;
  host_vars?: string;
  inventory_file?: string;
  inventory_groups?: string[];
  extra_arguments?: string[];
  command?: string;
  galaxy_file?: string;
  galaxy_command?: string;
  staging_directory?: string;
  clean_staging_directory?: boolean;
}

export const provisioner: ProvisionerFactory = {
  summary(config) {
    if (typeof config.playbook_file === 'string') return `playbook ${config.playbook_file}`;
    const n = Array.isArray(config.playbook_files) ? config.playbook_files.length : 0;
    return `${n} playbook${n === 1 ? '' : 's'}`;
  },
  create: (config) => ({ provision: (ctx) => provisionLocal(config as LocalConfig, ctx) }),
};

async function provisionLocal(c: LocalConfig, ctx: ProvisionContext): Promise<void> {
  const comm = ctx.comm;
  if (!comm) throw new Error('ansible-local runs ansible on the machine and needs a communicator; with communicator "none" there is no machine');
  ctx.ui.say('Provisioning with Ansible...');
  const staging = (c.staging_directory || posix.join(DEFAULT_STAGING_PARENT, randomUUID())).replace(/\/+$/, '');
  const local = (p: string) => resolve(resolveLocalPath(p, ctx.templateDir));
  const fail = (what: string) => (err: unknown) => {
    throw new Error(`${what}: ${(err as Error).message}`);
  };

  if (c.playbook_dir) {
    ctx.ui.message('Uploading Playbook directory to Ansible staging directory...');
    await uploadDir(comm, ctx, local(c.playbook_dir), staging).catch(fail('Error uploading playbook_dir directory'));
  } else {
    ctx.ui.message('Creating Ansible staging directory...');
    await mkdir(comm, ctx, staging).catch(fail('Error creating staging directory'));
  }

  // Remote paths of the playbooks to run, in order.
  const playbooks: string[] = [];
  if (c.playbook_file) {
    ctx.ui.message('Uploading main Playbook file...');
    const dst = posix.join(staging, basename(c.playbook_file));
    await comm.upload(local(c.playbook_file), dst).catch(fail('Error uploading main playbook'));
    playbooks.push(dst);
  } else {
    const dir = c.playbook_dir ? local(c.playbook_dir) + sep : undefined;
    for (const f of c.playbook_files ?? []) {
      const abs = local(f);
      // A playbook inside playbook_dir is there already; others keep their full local path under staging, as Packer does.
      if (dir && abs.startsWith(dir)) {
        playbooks.push(posix.join(staging, abs.slice(dir.length)));
        continue;
      }
      ctx.ui.message(`Uploading playbook file: ${abs}`);
      const dst = posix.join(staging, abs);
      await mkdir(comm, ctx, posix.dirname(dst)).catch(fail(`Error uploading playbook file: ${abs}`));
      await comm.upload(abs, dst).catch(fail(`Error uploading playbook: ${abs}`));
      playbooks.push(dst);
    }
  }

  // Packer's order: the galaxy file goes up before the inventory.
  let galaxyFile: string | undefined;
  if (c.galaxy_file) {
    ctx.ui.message('Uploading galaxy file...');
    galaxyFile = posix.join(staging, basename(c.galaxy_file));
    await comm.upload(local(c.galaxy_file), galaxyFile).catch(fail('Error uploading galaxy file'));
  }
  let inventory: string;
  if (c.inventory_file) {
    inventory = posix.join(staging, basename(c.inventory_file));
    ctx.ui.message('Uploading inventory file...');
    await comm.upload(local(c.inventory_file), inventory).catch(fail('Error uploading inventory file'));
  } else {
    const groups = c.inventory_groups ?? [];
    const text = groups.length ? groups.map((g) => `[${g}]\n127.0.0.1\n`).join('') : '127.0.0.1';
    inventory = posix.join(staging, 'packer-provisioner-ansible-local-inventory');
    ctx.ui.message('Uploading inventory file...');
    await comm.uploadData(text, inventory).catch(fail('Error uploading inventory file'));
  }

  if (c.group_vars) {
    ctx.ui.message('Uploading group_vars directory...');
    await uploadDir(comm, ctx, local(c.group_vars), posix.join(staging, 'group_vars')).catch(fail('Error uploading group_vars directory'));
  }
  if (c.host_vars) {
    ctx.ui.message('Uploading host_vars directory...');
    await uploadDir(comm, ctx, local(c.host_vars), posix.join(staging, 'host_vars')).catch(fail('Error uploading host_vars directory'));
  }
  if (c.role_paths?.length) {
    ctx.ui.message('Uploading role directories...');
    for (const r of c.role_paths) {
      await uploadDir(comm, ctx, local(r), posix.join(staging, 'roles', basename(local(r)))).catch(fail('Error uploading roles'));
    }
  }
  if (c.playbook_paths?.length) {
    ctx.ui.message('Uploading additional Playbooks...');
    const dir = posix.join(staging, 'playbooks');
    await mkdir(comm, ctx, dir).catch(fail('Error creating playbooks directory'));
    for (const p of c.playbook_paths) {
      await uploadDir(comm, ctx, local(p), posix.join(dir, basename(local(p)))).catch(fail('Error uploading playbooks'));
    }
  }

  if (galaxyFile) {
    const command = `cd ${shellQuote(staging)} && ${c.galaxy_command || 'ansible-galaxy'} install -r ${shellQuote(galaxyFile)} -p ${shellQuote(posix.join(staging, 'roles'))}`;
    ctx.ui.message(`Executing Ansible Galaxy: ${command}`);
    const lines: string[] = [];
    const r = await runRemote(comm, ctx, command, undefined, (l) => lines.push(l));
    if (r.exitCode !== 0) {
      const why = galaxyUnreachable(lines)
        ? ': Ansible Galaxy could not be reached from the machine being built (is it offline?); upload the roles with role_paths instead, or drop galaxy_file'
        : '';
      throw new Error(`Error executing Ansible: Error executing Ansible Galaxy: Non-zero exit status: ${r.exitCode ?? r.signal}${why}`);
    }
  }

  // As Packer 1.6.6: packer_http_addr always, its placeholder when the builder serves no HTTP (a playbook may name it).
  const httpAddr = ctx.conn?.httpAddr || 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER';
  const vars = [`packer_build_name=${ctx.buildName}`, `packer_builder_type=${ctx.builderType}`, `packer_http_addr=${httpAddr}`];
  const extra = ` --extra-vars "${vars.join(' ')}"` + (c.extra_arguments?.length ? ` ${c.extra_arguments.join(' ')}` : '');
  const ansible = c.command || DEFAULT_COMMAND;
  for (const playbook of playbooks) {
    const command = `cd ${shellQuote(staging)} && ${ansible} ${shellQuote(playbook)}${extra} -c local -i ${shellQuote(inventory)}`;
    ctx.ui.message(`Executing Ansible: ${command}`);
    const output = new PlaybookOutput();
    const r = await runRemote(comm, ctx, command, output);
    if (r.exitCode === 127) {
      throw new Error(`Error executing Ansible: ${ansible} could not be found. Verify that it is available on the PATH after connecting to the machine.`);
    }
    if (r.exitCode !== 0) throw new Error(`Error executing Ansible: ${describeExit(r.exitCode, r.signal ?? null, output, 'ansible-playbook')}`);
  }

  if (c.clean_staging_directory) {
    ctx.ui.message('Removing staging directory...');
    ctx.ui.message(`Removing directory: ${staging}`);
    const r = await comm.run({ command: `rm -rf ${shellQuote(staging)}`, signal: ctx.signal });
    if (r.exitCode !== 0) throw new Error('Error removing staging directory: Non-zero exit status. See output above for more information.');
  }
}

/** As Packer's RemoteCmd.RunWithUi: stdout as the build's output, stderr as its error output ("==> x: ERROR! ..."). */
function runRemote(comm: Communicator, ctx: ProvisionContext, command: string, output?: PlaybookOutput, seen?: (line: string) => void) {
  const onLine = (stream: 'stdout' | 'stderr') => (raw: string) => {
    const line = stripAnsi(raw);
    output?.feed(line);
    seen?.(line);
    ctx.ui.output(line, stream);
  };
  return comm.run({ command, onStdout: onLine('stdout'), onStderr: onLine('stderr'), signal: ctx.signal });
}

async function mkdir(comm: Communicator, ctx: ProvisionContext, dir: string): Promise<void> {
  ctx.ui.message(`Creating directory: ${dir}`);
  const r = await comm.run({ command: `mkdir -p ${shellQuote(dir)}`, onStderr: (l) => ctx.ui.message(l), signal: ctx.signal });
  if (r.exitCode !== 0) throw new Error('Non-zero exit status. See output above for more information.');
}

/** The folder's contents go into dst (Packer adds the trailing slash). */
async function uploadDir(comm: Communicator, ctx: ProvisionContext, src: string, dst: string): Promise<void> {
  await mkdir(comm, ctx, dst);
  await comm.uploadDir(src.replace(/\/?$/, '/'), dst, { signal: ctx.signal });
}

