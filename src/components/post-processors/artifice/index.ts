import type { PostProcessorFactory } from '../../../core/components.js';
import { filesArtifact } from '../../../core/artifact.js';

export const postProcessor: PostProcessorFactory = {
  summary: (config) => (Array.isArray(config.files) ? config.files.join(', ') : ''),
  create(config) {
    return {
      async process(_input, ctx) {
        const files = (Array.isArray(config.files) ? config.files : []).map((f) => ctx.render(String(f)));
        const artifact = filesArtifact('packer.post-processor.artifice', files, `Created artifact from files: ${files.join(', ')}`);
        return { artifact, keep: true };
      },
    };
  },
};
