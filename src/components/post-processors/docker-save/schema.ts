import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'docker-save',
  description: 'Saves the image to a tar archive that `docker load` reads',
  fields: {
    path: { type: 'string', required: true, description: 'Where to write the archive', example: 'image.tar' },
    keep_input_artifact: { type: 'boolean', description: 'Keep the input image', advanced: true },
  },
};
