// The generated inventory: one host line (Packer's template), then each group with that line, then the empty groups.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvisionContext } from '../../../core/components.js';
import type { Target } from './command.js';
import type { AnsibleConfig } from './index.js';

export const DEFAULT_INVENTORY_LINE = '{{ .HostAlias }} ansible_host={{ .Host }} ansible_user={{ .User }} ansible_port={{ .Port }}\n';

export function inventoryText(c: AnsibleConfig, target: Target, ctx: ProvisionContext): string {
  const line = ctx.render(c.inventory_file_template || DEFAULT_INVENTORY_LINE, {
    HostAlias: c.host_alias || 'default',
    Host: target.host,
    User: target.user,
    Port: target.port,
  });
  let text = line;
  for (const g of c.groups ?? []) text += `[${g}]\n${line}`;
  for (const g of c.empty_groups ?? []) text += `[${g}]\n`;
  return text;
}

/**
 * Writes the inventory straight in `dir` (beside the user's group_vars when inventory_directory is set),
 * under a new name with Packer's prefix; returns its path.
 */
export function writeInventory(c: AnsibleConfig, target: Target, ctx: ProvisionContext, dir: string): string {
  const path = join(dir, `packer-provisioner-ansible${randomBytes(5).toString('hex')}`);
  writeFileSync(path, inventoryText(c, target, ctx), { mode: 0o600, flag: 'wx' });
  return path;
}
