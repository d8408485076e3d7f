import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'sleep',
  description: 'Waits for a while',
  fields: {
    // Packer 1.6.6 accepts a sleep without duration (it waits 0s); the wizard proposes 10s.
    duration: { type: 'duration', default: '0s', suggest: '10s', description: 'How long to wait ("10s", "1m30s")', example: '10s' },
  },
};
