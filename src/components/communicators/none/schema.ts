import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'communicator',
  type: 'none',
  description: 'No connection: only local provisioners (shell-local) and post-processors run',
  fields: {},
};
