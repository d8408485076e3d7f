import type { ComponentSchema } from '../../../schema/types.js';

export const CHECKSUM_TYPES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

export const definition: ComponentSchema = {
  kind: 'post-processor',
  type: 'checksum',
  description: 'Writes checksum files ("<hash>\\t<name>") of the artifact files',
  fields: {
    checksum_types: {
      type: 'string[]',
      description: 'Hash algorithms: md5, sha1, sha224, sha256, sha384, sha512',
      default: ['md5'],
      enum: CHECKSUM_TYPES,
    },
    output: {
      type: 'string',
      description: 'Checksum file path; {{.BuildName}}, {{.BuilderType}} and {{.ChecksumType}} are filled in',
      default: 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum',
    },
    keep_input_artifact: { type: 'boolean', description: 'Keep the artifact this post-processor received', advanced: true },
  },
  check(config) {
    const types = config.checksum_types;
    if (!Array.isArray(types)) return [];
    return types
      .filter((t) => !(CHECKSUM_TYPES as readonly unknown[]).includes(t))
      .map((t) => `checksum_types: unrecognized checksum type "${String(t)}" (use ${CHECKSUM_TYPES.join(', ')})`);
  },
};
