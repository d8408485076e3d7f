import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'provisioner',
  type: 'breakpoint',
  description: 'Pauses the build until someone presses enter (continues at once without a terminal)',
  fields: {
    disable: { type: 'boolean', description: 'Skip this breakpoint', default: false },
    note: { type: 'string', description: 'Text shown while paused', example: 'check the machine' },
  },
};
