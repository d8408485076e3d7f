import type { ComponentSchema } from '../../../schema/types.js';

/**
 * Runs commands with the Engine API's exec and copies files with its archive API. It has no
 * fields of its own: the docker builder hands it the container, container_dir, exec_user and
 * fix_upload_owner at run time.
 */
export const definition: ComponentSchema = {
  kind: 'communicator',
  type: 'docker',
  description: 'Runs commands in the build container (Engine API exec) and copies files with the archive API',
  fields: {},
};
