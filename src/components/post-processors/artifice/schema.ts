import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'artifice',
  description: 'Replaces the artifact with the given files, so later post-processors act on them',
  fields: {
    files: { type: 'string[]', required: true, description: 'Files that make up the new artifact', example: 'output/app.tar' },
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received', advanced: true },
  },
  check(config) {
    return Array.isArray(config.files) && config.files.length === 0 ? ['files: give at least one file'] : [];
  },
};
