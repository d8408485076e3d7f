import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'docker-tag',
  description: 'Tags the image a docker build committed (or docker-import imported)',
  fields: {
    repository: { type: 'string', required: true, description: 'Repository to tag the image into', example: 'local/app' },
    tag: { type: 'string|string[]', description: 'Old name of tags (deprecated): its tags are given after those of tags', example: '1.0', advanced: true },
    tags: { type: 'string|string[]', description: 'Tags to give the image (default "latest")', example: '1.0' },
    force: { type: 'boolean', default: false, description: 'Move a tag that already names another image', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the untagged input image', advanced: true },
  },
};
