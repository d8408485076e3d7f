import type { PostProcessorFactory } from '../../../core/components.js';
import { runShellLocal, summarize, type ShellLocalConfig } from '../../provisioners/shell-local/run-local.js';

export const postProcessor: PostProcessorFactory = {
  summary: summarize,
  create(config) {
    return {
      async process(input, ctx) {
        await runShellLocal(config as ShellLocalConfig, ctx);
        // Packer keeps the artifact it was given: the script only looked at it.
        return { artifact: input, keep: true, forceOverride: true };
      },
    };
  },
};
