import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'manifest',
  description: 'Records each build and its artifact files in a JSON manifest (runs are appended)',
  fields: {
    output: { type: 'string', description: 'Path of the manifest file', default: 'packer-manifest.json' },
    strip_path: { type: 'boolean', description: 'Write file names without their folders', default: false },
    strip_time: { type: 'boolean', description: 'Leave build_time out of the manifest', default: false },
    custom_data: { type: 'map', description: 'Extra key/value pairs stored with the build', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received', advanced: true },
  },
};
