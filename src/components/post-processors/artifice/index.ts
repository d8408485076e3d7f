import { rm } from 'node:fs/promises';
import type { Artifact, PostProcessorFactory } from '../../../core/components.js';

export const postProcessor: PostProcessorFactory = {
  summary: (config) => (Array.isArray(config.files) ? config.files.join(', ') : ''),
  create(config) {
    return {
      async process(_input, ctx) {
        const files = (Array.isArray(config.files) ? config.files : []).map((f) => ctx.render(String(f)));
        const artifact: Artifact = {
          builderId: 'packer.post-processor.artifice',
          id: '',
          files,
          string: () => `Created artifact from files: ${files.join(', ')}`,
          destroy: async () => {
            for (const f of files) await rm(f, { force: true });
          },
        };
        return { artifact, keep: true };
      },
    };
  },
};
