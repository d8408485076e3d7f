// Writes one "<hash>\t<file name>" line per artifact file into one file per checksum type.
import { makeDirs } from '../../../core/make-dirs.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PostProcessorFactory } from '../../../core/components.js';
import { filesArtifact } from '../../../core/artifact.js';
import { writeError } from '../../../util/atomic-write.js';

const DEFAULT_OUTPUT = 'packer_{{.BuildName}}_{{.BuilderType}}_{{.ChecksumType}}.checksum';

async function hashFile(path: string, type: string, signal: AbortSignal): Promise<string> {
  const h = createHash(type);
  await pipeline(createReadStream(path), h, { signal });
  return h.digest('hex');
}

export const postProcessor: PostProcessorFactory = {
  summary: (config) => (Array.isArray(config.checksum_types) ? config.checksum_types.join(', ') : 'md5'),
  create(config) {
    return {
      async process(input, ctx) {
        const types = Array.isArray(config.checksum_types) && config.checksum_types.length > 0
          ? (config.checksum_types as string[])
          : ['md5'];
        const files = [...input.files];
        // Like Packer, an artifact without files gets no checksum files.
        for (const type of input.files.length > 0 ? types : []) {
          const out = ctx.render(String(config.output ?? DEFAULT_OUTPUT), {
            BuildName: ctx.buildName,
            BuilderType: ctx.builderType,
            ChecksumType: type,
          });
          if (dirname(out) !== '.') makeDirs(dirname(out));
          let text = '';
          for (const f of input.files) text += `${await hashFile(f, type, ctx.signal)}\t${basename(f)}\n`;
          // Packer appends to an existing checksum file.
          await appendFile(out, text, { mode: 0o644 }).catch((err) => {
            throw writeError(out, err);
          });
          files.push(out);
        }
        const artifact = filesArtifact('packer.post-processor.checksum', files, `Created artifact from files: ${files.join(', ')}`);
        return { artifact, keep: true };
      },
    };
  },
};
