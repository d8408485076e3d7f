import type { ComponentSchema } from '../../../schema/types.js';
import { shellLocalFields, checkShellLocal } from './fields.js';

export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'shell-local',
  description: 'Runs shell commands or scripts on the machine running pack',
  fields: {
    ...shellLocalFields,
    only_once: { type: 'boolean', description: 'Run once for all builds (accepted, ignored like Packer)', advanced: true },
  },
  check: (config) => checkShellLocal(config),
};
