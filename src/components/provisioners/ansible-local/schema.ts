import { existsSync, statSync } from 'node:fs';
import type { ComponentSchema } from '../../../schema/types.js';
import { resolveLocalPath } from '../../../template/local-path.js';

export const DEFAULT_COMMAND = 'ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 ansible-playbook';
export const DEFAULT_STAGING_PARENT = '/tmp/packer-provisioner-ansible-local';

/** Packer 1.6.6's ansible-local provisioner fields. */
export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'ansible-local',
  description: 'Uploads a playbook to the machine and runs ansible-playbook there (Ansible must be installed on it)',
  fields: {
    playbook_file: { type: 'string', description: 'The playbook to upload and run', example: 'playbook.yml', path: 'file' },
    playbook_files: { type: 'string[]', description: 'Playbooks to upload and run in turn (instead of playbook_file)' },
    playbook_dir: { type: 'string', description: 'A folder uploaded whole as the staging directory (roles, vars...)', path: 'dir' },
    playbook_paths: { type: 'string[]', description: 'Folders of more playbooks, uploaded under playbooks/', advanced: true },
    role_paths: { type: 'string[]', description: 'Role folders, uploaded under roles/', advanced: true },
    group_vars: { type: 'string', description: 'A group_vars folder to upload', advanced: true, path: 'dir' },
    host_vars: { type: 'string', description: 'A host_vars folder to upload', advanced: true, path: 'dir' },
    inventory_file: { type: 'string', description: 'Your own inventory (default: 127.0.0.1)', advanced: true, path: 'file' },
    inventory_groups: { type: 'string[]', description: 'Groups of the generated inventory, each holding 127.0.0.1', advanced: true },
    extra_arguments: { type: 'string[]', description: 'More arguments for ansible-playbook (joined into its shell command)' },
    command: { type: 'string', description: 'The command that runs ansible-playbook on the machine', default: DEFAULT_COMMAND, advanced: true },
    galaxy_file: { type: 'string', description: 'requirements.yml installed with ansible-galaxy on the machine', advanced: true, path: 'file' },
    galaxy_command: { type: 'string', description: 'The ansible-galaxy command on the machine', default: 'ansible-galaxy', advanced: true },
    staging_directory: {
      type: 'string',
      description: `Where files are uploaded on the machine (default ${DEFAULT_STAGING_PARENT}/<uuid>)`,
      advanced: true,
    },
    clean_staging_directory: { type: 'boolean', description: 'Remove the staging directory afterwards', default: false, advanced: true },
  },
  check(config, ctx) {
    const errs: string[] = [];
    const each = (field: string, kind: 'file' | 'dir') => {
      for (const p of Array.isArray(config[field]) ? (config[field] as string[]) : []) {
        if (p.includes('{{')) continue;
        const full = resolveLocalPath(p, ctx.templateDir);
        if (!existsSync(full)) errs.push(`${field}: ${p} does not exist`);
        else if (kind === 'dir' && !statSync(full).isDirectory()) errs.push(`${field}: ${p} must point to a directory`);
        else if (kind === 'file' && statSync(full).isDirectory()) errs.push(`${field}: ${p} must point to a file`);
      }
    };
    each('playbook_files', 'file');
    each('playbook_paths', 'dir');
    each('role_paths', 'dir');
    const files = Array.isArray(config.playbook_files) ? config.playbook_files : [];
    const file = typeof config.playbook_file === 'string' && config.playbook_file !== '';
    if (files.length > 0 && file) errs.push('Either playbook_file or playbook_files can be specified, not both');
    if (files.length === 0 && !file) errs.push('Either playbook_file or playbook_files must be specified');
    return errs;
  },
};
