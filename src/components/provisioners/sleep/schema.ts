import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'sleep',
  description: 'Waits for a while',
  fields: {
    duration: { type: 'duration', required: true, description: 'How long to wait ("10s", "1m30s")', example: '10s' },
  },
};
