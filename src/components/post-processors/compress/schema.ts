import type { ComponentSchema } from '../../../schema/types.js';

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'compress',
  description: 'Packs the artifact files into one archive; the format follows the output extension',
  fields: {
    algorithm: { type: 'string', description: 'Packer: unused setting of its compress post-processor (in Packer templates; pack accepts it and does not use it)', advanced: true },
    archive: { type: 'string', description: 'Packer: unused setting of its compress post-processor (in Packer templates; pack accepts it and does not use it)', advanced: true },
    output: {
      type: 'string',
      description: 'Archive path: .tar.gz, .tgz, .zip or .gz (no known extension: tar.gz)',
      default: 'packer_{{.BuildName}}_{{.BuilderType}}',
      example: 'output/{{.BuildName}}.tar.gz',
    },
    compression_level: {
      type: 'integer',
      description: 'From 0 (store) to 9 (smallest); -1 means the default (6)',
      default: 6,
    },
    format: { type: 'string', description: 'Archive format, instead of the output extension', advanced: true },
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received', advanced: true },
  },
  check(config) {
    const level = config.compression_level;
    if (typeof level === 'number' && (level < -1 || level > 9)) {
      return [`compression_level: ${level} is out of range (use -1 to 9)`];
    }
    return [];
  },
};
