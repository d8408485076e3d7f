import type { BuilderSchema } from '../../../schema/types.js';

export const definition: BuilderSchema = {
  kind: 'builder',
  type: 'null',
  description: 'Creates no machine: runs provisioners against an existing host (or locally) and produces no image',
  communicators: ['ssh', 'none'],
  fields: {},
  runsHere: () => true,
};
