import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'docker-tag',
  description: 'Tags the image a docker build committed (or docker-import imported)',
  fields: {
    repository: { type: 'string', required: true, description: 'Repository to tag the image into', example: 'local/app' },
    tag: { type: 'string|string[]', description: 'Tag or tags to give the image (default "latest")', example: '1.0' },
    tags: { type: 'string|string[]', description: 'Tags to give the image (same as tag)', example: '1.0' },
    force: { type: 'boolean', default: false, description: 'Move a tag that already names another image', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the untagged input image', advanced: true },
  },
  check(config) {
    if (config.tag !== undefined && config.tags !== undefined) return ['use either "tag" or "tags", not both'];
    return [];
  },
};
