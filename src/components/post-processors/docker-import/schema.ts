import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'docker-import',
  description: 'Imports a tar exported by the docker builder (export_path) as an image',
  fields: {
    repository: { type: 'string', required: true, description: 'Repository of the imported image', example: 'local/app' },
    tag: { type: 'string', description: 'Tag of the imported image', example: 'latest' },
    changes: { type: 'string[]', description: 'Dockerfile instructions applied while importing (CMD, ENV, LABEL...)', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the exported tar after importing it', advanced: true },
  },
};
