import type { ComponentSchema } from '../../../schema/types.js';
import { shellLocalFields, checkShellLocal } from '../../provisioners/shell-local/fields.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'shell-local',
  description: 'Runs shell commands or scripts on the machine running pack, after the build',
  fields: {
    ...shellLocalFields,
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received', advanced: true },
  },
  check: (config) => checkShellLocal(config),
};
