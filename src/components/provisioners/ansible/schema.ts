import type { ComponentSchema } from '../../../schema/types.js';
import { checkCommandOnPath } from '../../../ansible/command-path.js';

/** Packer 1.6.6's ansible provisioner fields. */
export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'ansible',
  description: 'Runs ansible-playbook on this machine against the machine being built',
  fields: {
    playbook_file: { type: 'string', description: 'The playbook to run', required: true, example: 'playbook.yml', path: 'file' },
    command: { type: 'string', description: 'The ansible-playbook executable', default: 'ansible-playbook', advanced: true },
    extra_arguments: {
      type: 'string[]',
      description: 'More arguments for ansible-playbook (not passed through a shell)',
      example: '--extra-vars, role=web',
    },
    ansible_env_vars: { type: 'string[]', description: 'KEY=value environment variables for ansible-playbook', example: 'ANSIBLE_NOCOLOR=True' },
    groups: { type: 'string[]', description: 'Inventory groups the machine is put in', advanced: true },
    empty_groups: { type: 'string[]', description: 'Inventory groups that exist but stay empty', advanced: true },
    host_alias: { type: 'string', description: 'The machine\'s name in the inventory', default: 'default', advanced: true },
    user: {
      type: 'string',
      description: 'ansible_user; default: the communicator\'s user over SSH, the user running pack through the adapter',
      advanced: true,
    },
    inventory_file: {
      type: 'string',
      description: 'Your own inventory instead of the generated one (a file, a folder, or an inline host list "host1,host2,")',
      advanced: true,
      path: 'inventory',
    },
    inventory_directory: { type: 'string', description: 'Folder the generated inventory is written to (beside your group_vars)', advanced: true, path: 'dir' },
    inventory_file_template: {
      type: 'string',
      description: 'Line of the generated inventory ({{ .HostAlias }}, {{ .Host }}, {{ .User }}, {{ .Port }})',
      advanced: true,
    },
    keep_inventory_file: { type: 'boolean', description: 'Leave the generated inventory file in place', default: false, advanced: true },
    galaxy_file: { type: 'string', description: 'requirements.yml installed with ansible-galaxy before the playbook runs', advanced: true, path: 'file' },
    galaxy_command: { type: 'string', description: 'The ansible-galaxy executable', default: 'ansible-galaxy', advanced: true },
    galaxy_force_install: { type: 'boolean', description: 'Pass --force to ansible-galaxy', default: false, advanced: true },
    roles_path: { type: 'string', description: 'Where ansible-galaxy installs roles (--roles-path)', advanced: true },
    collections_path: { type: 'string', description: 'Where ansible-galaxy installs collections (--collections-path)', advanced: true },
    use_proxy: {
      type: 'boolean',
      description: 'Reach the machine through pack\'s SSH adapter on loopback (default: only when the communicator is not ssh)',
      advanced: true,
    },
    local_port: { type: 'integer', description: 'First loopback port the adapter tries (default: any free port)', advanced: true },
    ssh_host_key_file: { type: 'string', description: 'Host key of the adapter (default: a one-time key)', advanced: true, path: 'file' },
    ssh_authorized_key_file: {
      type: 'string',
      description: 'Public key the adapter accepts (default: a one-time key passed to ansible)',
      advanced: true,
      path: 'file',
    },
    sftp_command: {
      type: 'string',
      description: "SFTP server the adapter runs on the machine (default: the machine's sftp-server, else pack serves SFTP through the communicator)",
      advanced: true,
    },
    skip_version_check: { type: 'boolean', description: 'Do not check that ansible-playbook is installed', default: false, advanced: true },
    use_sftp: { type: 'boolean', description: 'Let ansible transfer files with SFTP instead of scp', default: false, advanced: true },
    ansible_ssh_extra_args: {
      type: 'string[]',
      description: 'ansible-playbook --ssh-extra-args (default -o IdentitiesOnly=yes)',
      advanced: true,
    },
  },
  check(config) {
    const errs: string[] = [];
    if (typeof config.local_port === 'number' && (config.local_port > 65535 || config.local_port < 0)) {
      errs.push(`local_port: ${config.local_port} must be a valid port`);
    }
    // Packer runs "ansible-playbook --version" here; finding it on PATH says the same, without starting Python.
    if (config.skip_version_check !== true) errs.push(...checkCommandOnPath(String(config.command || 'ansible-playbook'), 'command'));
    return errs;
  },
};
